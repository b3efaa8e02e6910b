using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Identity;

namespace WhatsSuite.Api.Infrastructure;

internal static class AuthenticationSetup
{
    /// <summary>Picks the bearer-token or API-key scheme from the Authorization header.</summary>
    public const string RequestScheme = "BearerOrApiKey";

    /// <summary>The cookie that carries the access token for the Hangfire dashboard (browsers cannot send a bearer header).</summary>
    public const string DashboardCookie = "whatssuite_dashboard";

    /// <summary>
    /// Bearer tokens validated for signature (HS256 only), issuer, audience and lifetime, and then against
    /// the session store: a revoked or unknown <c>jti</c> is not authenticated, whatever its signature, and
    /// the session must belong to the token's subject and have been opened for exactly this token
    /// (<see cref="SessionBinding"/>).
    /// </summary>
    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services, JwtSettings jwt)
    {
        services.AddAuthentication(RequestScheme)
            .AddPolicyScheme(RequestScheme, "Bearer token or API key", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith(ApiKeyAuthenticationHandler.SchemeName + " ", StringComparison.Ordinal)
                        ? ApiKeyAuthenticationHandler.SchemeName
                        : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        // Browsers cannot set headers on a WebSocket or an EventSource: the desk hub also takes the
                        // token from ?access_token= (the official SignalR clients send it there). Only the hub does,
                        // and the query string is never logged (docs/realtime.md).
                        if (context.HttpContext.Request.Path.StartsWithSegments(Realtime.DeskHub.Path, StringComparison.OrdinalIgnoreCase)
                            && string.IsNullOrEmpty(context.Request.Headers.Authorization)
                            && context.Request.Query.TryGetValue("access_token", out var queryToken))
                        {
                            context.Token = queryToken.ToString();
                        }

                        if (context.HttpContext.Request.Path.StartsWithSegments(HangfireSetup.DashboardPath, StringComparison.OrdinalIgnoreCase)
                            && string.IsNullOrEmpty(context.Request.Headers.Authorization)
                            && context.Request.Cookies.TryGetValue(DashboardCookie, out var cookie))
                        {
                            context.Token = cookie;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = async context =>
                    {
                        var jti = context.Principal?.FindFirst("jti")?.Value;
                        var encoded = (context.SecurityToken as JsonWebToken)?.EncodedToken;
                        var sessions = context.HttpContext.RequestServices.GetRequiredService<ISessionStore>();
                        var session = string.IsNullOrEmpty(jti) || encoded is null ? null : await sessions.FindActiveAsync(jti, context.HttpContext.RequestAborted);
                        if (session is null || !SessionBinding.Matches(session, context.Principal?.FindFirst("sub")?.Value, encoded!))
                        {
                            context.Fail("The session of this token has ended, or the token is not the one issued for it.");
                        }
                    },
                };
            });
        // A token's lifetime is checked on the application's clock, the one that issued it.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TimeProvider>((options, clock) => options.TokenValidationParameters = AccessTokenClaims.ValidationParameters(jwt, clock));
        // Closed by default (docs/decisions/0021-closed-http-edge.md): every endpoint needs an authenticated
        // caller unless it is marked AllowAnonymous; the access rules of the mediator then decide what it may do.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }
}
