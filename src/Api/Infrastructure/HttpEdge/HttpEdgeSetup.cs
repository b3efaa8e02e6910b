using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.Infrastructure.HttpEdge;

/// <summary>
/// The HTTP edge: trusted proxies, security headers, HTTPS requirement, CORS, body size, backpressure,
/// rate limits and request timeouts. See docs/security/http-edge.md.
/// </summary>
internal static class HttpEdgeSetup
{
    public static IServiceCollection AddHttpEdge(this IServiceCollection services, HttpEdgeSettings edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = null;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in edge.TrustedProxies)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        services.AddCors(options => options.AddDefaultPolicy(policy =>
        {
            if (edge.AllowAnyOrigin)
            {
                policy.SetIsOriginAllowed(_ => true);
            }
            else
            {
                policy.WithOrigins([.. edge.AllowedOrigins]);
            }

            policy.AllowCredentials()
                .AllowAnyHeader()
                .AllowAnyMethod()
                .WithExposedHeaders(RequestContextMiddleware.RequestIdHeader, "Retry-After")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));
        services.AddSingleton<BackpressureGate>();
        return services;
    }

    /// <summary>Outermost part, before the exception handler: refusals that need no endpoint.</summary>
    public static WebApplication UseHttpEdge(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<WhatsSuiteSettings>();
        var edge = settings.HttpEdge;
        var uploadLimit = Math.Max(edge.BodyLimit, settings.Media.Options.MaxBytes + EdgeProblems.UploadOverheadBytes);
        var audienceLimit = Math.Max(edge.BodyLimit, settings.CampaignAudience.MaxFileBytes + EdgeProblems.UploadOverheadBytes);
        if (edge.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (edge.RequireHttps)
        {
            app.Use(async (context, next) =>
            {
                if (!context.Request.IsHttps && !EdgeProblems.IsHealth(context))
                {
                    await EdgeProblems.WriteAsync(context, StatusCodes.Status403Forbidden, EdgeProblems.HttpsRequired, "This API answers over HTTPS only.");
                    return;
                }

                await next(context);
            });
        }

        app.UseCors();
        app.Use(async (context, next) =>
        {
            // A file upload may carry up to MEDIA_MAX_BYTES, an audience file CAMPAIGN_AUDIENCE_FILE_MAX_BYTES; every other body HTTP_BODY_LIMIT.
            var limit = EdgeProblems.IsMediaUpload(context) ? uploadLimit : EdgeProblems.IsAudienceUpload(context) ? audienceLimit : edge.BodyLimit;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = limit;
            }

            if (context.Request.ContentLength > limit)
            {
                await EdgeProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, EdgeProblems.PayloadTooLarge, $"The request body is larger than {limit} bytes.");
                return;
            }

            if (EdgeProblems.RefuseNonUtf8JsonCharset(context.Request, out var charset))
            {
                var shown = charset.Length <= 40 && charset.All(c => c is >= '!' and <= '~') ? charset : "(not shown)";
                await EdgeProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, EdgeProblems.UnsupportedMediaType, $"Send JSON as UTF-8: the charset '{shown}' is not supported.");
                return;
            }

            await next(context);
        });
        app.UseMiddleware<BackpressureMiddleware>();
        return app;
    }

    /// <summary>After authentication: budgets per IP, user and API key, then the request timeout.</summary>
    public static WebApplication UseHttpEdgeLimits(this WebApplication app)
    {
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseMiddleware<RequestTimeoutMiddleware>();
        return app;
    }
}
