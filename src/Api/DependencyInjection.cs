using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api;

internal static class DependencyInjection
{
    /// <summary>HTTP concerns: JSON, problem details, authentication, OpenAPI.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services, JwtSettings jwt)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            options.SerializerOptions.MaxDepth = 32;

            // Request bodies are read strictly (see docs/decisions/0016-text-and-input-rules.md): a property the
            // operation does not define, the same property twice (names compare case-insensitively, as binding
            // does) and a number written as a string are refused with 400 naming the field, before anything runs.
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd("code", status switch
            {
                StatusCodes.Status404NotFound => "not_found",
                StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
                StatusCodes.Status413PayloadTooLarge => "payload_too_large",
                StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
                StatusCodes.Status400BadRequest => "bad_request",
                _ => $"http_{status}",
            });
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddTokenAuthentication(jwt);
        services.AddWhatsSuiteOpenApi();
        services.Configure<FormOptions>(options => options.ValueCountLimit = 64);

        // The dashboard's sign-in forms (and Hangfire's own dashboard actions) carry anti-forgery tokens. The
        // security headers already send X-Frame-Options: DENY, which must not be weakened to SAMEORIGIN.
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "whatssuite.antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SuppressXFrameOptionsHeader = true;
        });
        return services;
    }
}
