using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace WhatsSuite.Api.Infrastructure.HttpEdge;

/// <summary>Writes the problem answers of the HTTP edge (refusals before any endpoint runs).</summary>
internal static class EdgeProblems
{
    public const string HttpsRequired = "https_required";
    public const string RateLimited = "rate_limited";
    public const string Overloaded = "overloaded";
    public const string RequestTimeout = "request_timeout";
    public const string PayloadTooLarge = "payload_too_large";

    public static async Task WriteAsync(HttpContext context, int status, string code, string detail, int? retryAfterSeconds = null)
    {
        context.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var problem = new ProblemDetails { Status = status, Detail = detail, Extensions = { ["code"] = code } };
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            // The caller's Accept header ruled out JSON; answer problem+json anyway, as every error does.
            problem.Extensions["traceId"] = context.TraceIdentifier;
            await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
        }
    }

    public static bool IsHealth(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api/v1/health", StringComparison.OrdinalIgnoreCase);
}
