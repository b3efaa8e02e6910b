using System.Diagnostics;
using System.Text.RegularExpressions;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;
using WhatsSuite.Infrastructure.Identity;

namespace WhatsSuite.Api.Infrastructure;

/// <summary>
/// Per request: a request id (the caller's <c>X-Request-Id</c> when well-formed, otherwise a new one),
/// echoed in the response and present in every log line of the request; the actor built from the
/// authenticated principal; and one access-log line (method, path without query, status, elapsed).
/// </summary>
internal sealed partial class RequestContextMiddleware(RequestDelegate next, ILogger<RequestContextMiddleware> logger)
{
    public const string RequestIdHeader = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context, ActorContext actorContext)
    {
        var requestId = context.Request.Headers[RequestIdHeader].ToString();
        if (!ValidRequestId().IsMatch(requestId))
        {
            requestId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        }

        context.TraceIdentifier = requestId;
        context.Response.Headers[RequestIdHeader] = requestId;
        actorContext.Set(BuildActor(context, requestId));

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["requestId"] = requestId });
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (!context.Request.Path.StartsWithSegments("/api/v1/health", StringComparison.OrdinalIgnoreCase))
            {
                LogRequest(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    private static Actor BuildActor(HttpContext context, string requestId)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString();
        var userAgent = context.Request.Headers.UserAgent.ToString();
        userAgent = userAgent.Length == 0 ? null : userAgent;
        var principal = context.User;
        if (principal.Identity?.IsAuthenticated == true
            && Guid.TryParse(principal.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value, out var apiKeyId))
        {
            return Actor.ForApiKey(apiKeyId, principal.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(c => c.Value), ip, userAgent, requestId);
        }

        if (principal.Identity?.IsAuthenticated == true
            && Guid.TryParse(principal.FindFirst("sub")?.Value, out var userId)
            && Enum.TryParse<Role>(principal.FindFirst(AccessTokenClaims.Role)?.Value, ignoreCase: false, out var role))
        {
            var mustChange = principal.HasClaim(c => c.Type == AccessTokenClaims.PasswordChangeRequired && c.Value is "true" or "True");
            return Actor.ForUser(userId, role, principal.FindFirst("jti")?.Value, mustChange, ip, userAgent, requestId) with
            {
                MfaEnrollmentRequired = principal.HasClaim(AccessTokenClaims.Mfa, AccessTokenClaims.MfaEnrollmentRequired),
                MfaAuthenticated = principal.HasClaim(AccessTokenClaims.Mfa, AccessTokenClaims.MfaEnabled),
            };
        }

        return Actor.Anonymous(ip, userAgent, requestId);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex ValidRequestId();

    [LoggerMessage(EventId = LogEvents.RequestAnswered, Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMs);
}
