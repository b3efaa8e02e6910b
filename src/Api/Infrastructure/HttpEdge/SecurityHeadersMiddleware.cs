namespace WhatsSuite.Api.Infrastructure.HttpEdge;

/// <summary>
/// Security headers on every response, set when the response starts so that problem answers, 404s,
/// exception-handler answers, Swagger UI and the Hangfire dashboard all carry them. API answers get a
/// CSP that allows nothing; the two HTML consoles get the narrowest CSP their pages work with.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>JSON answers never load anything and are never framed.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// Swagger UI: its scripts and styles are files under /swagger (no inline script); React sets inline
    /// style attributes and the bundled CSS uses data: images; "Try it out" calls the API itself.
    /// </summary>
    public const string SwaggerPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>
    /// Hangfire dashboard and its sign-in form: scripts are files under /hangfire/js (no inline script);
    /// the pages use inline style attributes and the sign-in form an inline style block; the dashboard
    /// polls its own stats URL and posts its own forms.
    /// </summary>
    public const string DashboardPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public const string HstsValue = "max-age=15552000; includeSubDomains";

    public Task InvokeAsync(HttpContext context)
    {
        // Chosen now: branches such as the Hangfire dashboard move the path into PathBase before answering.
        var policy = PolicyFor(context.Request.Path);
        context.Response.OnStarting(static state =>
        {
            var (http, policy) = ((HttpContext, string))state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = policy;
            headers.Remove("Server");
            if (http.Request.IsHttps)
            {
                headers.StrictTransportSecurity = HstsValue;
            }

            return Task.CompletedTask;
        }, (context, policy));
        return next(context);
    }

    public static string PolicyFor(PathString path)
    {
        if (path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase))
        {
            return SwaggerPolicy;
        }

        return path.StartsWithSegments(HangfireSetup.DashboardPath, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(HangfireSetup.LoginPath, StringComparison.OrdinalIgnoreCase)
            ? DashboardPolicy
            : ApiPolicy;
    }
}
