using System.Security.Claims;
using StackExchange.Redis;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.Infrastructure.HttpEdge;

/// <summary>
/// Fixed-window rate limits, counted in Redis in server mode (one budget for all instances) and in memory
/// otherwise. Every request counts against its client IP; an authenticated request also counts against
/// its API key (claim <c>api_key_id</c>) or, without one, against its user (claim <c>sub</c>); a request to an
/// anonymous authentication endpoint (<see cref="SignInBudget"/>) also counts against the client IP's much
/// smaller sign-in budget, because each may cost a password verification. Over any
/// budget the answer is 429 with <c>Retry-After</c>. Health endpoints are exempt (CORS preflights are answered earlier), and so are
/// Meta's webhook calls (<c>/api/v1/webhooks/whatsapp/*</c>): Meta posts from many shared addresses at high rates, the signature
/// is their gate and the backpressure limit their cap (docs/decisions/0011-webhook-ingestion.md). When the counter store
/// fails, the request is let through and a warning logged: a Redis outage must not take the API down.
/// </summary>
internal sealed partial class RateLimitMiddleware(RequestDelegate next, IRateLimitStore store, WhatsSuiteSettings settings, ILogger<RateLimitMiddleware> logger)
{
    public const string ApiKeyClaim = "api_key_id";

    public async Task InvokeAsync(HttpContext context)
    {
        if (EdgeProblems.IsHealth(context) || IsWhatsAppWebhook(context))
        {
            await next(context);
            return;
        }

        var edge = settings.HttpEdge;
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var budgets = new List<(string Key, FixedWindow Limit)>(3)
        {
            ($"ip:{ip}", edge.IpLimit),
        };
        if (context.GetEndpoint()?.Metadata.GetMetadata<SignInBudget>() is not null)
        {
            budgets.Add(($"signin-ip:{ip}", edge.SignInIpLimit));
        }

        var principal = context.User;
        if (principal.Identity?.IsAuthenticated == true)
        {
            if (principal.FindFirst(ApiKeyClaim)?.Value is { Length: > 0 } apiKeyId)
            {
                budgets.Add(($"key:{apiKeyId}", edge.ApiKeyLimit));
            }
            else if ((principal.FindFirst("sub")?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value) is { Length: > 0 } userId)
            {
                budgets.Add(($"user:{userId}", edge.UserLimit));
            }
        }

        TimeSpan? retryAfter = null;
        try
        {
            foreach (var (key, limit) in budgets)
            {
                var count = await store.HitAsync(key, TimeSpan.FromSeconds(limit.WindowSeconds), context.RequestAborted);
                if (count.Count > limit.MaxRequests && (retryAfter is null || count.ResetsIn > retryAfter))
                {
                    retryAfter = count.ResetsIn;
                }
            }
        }
        catch (Exception exception) when (exception is DependencyUnavailableException or RedisException or TimeoutException)
        {
            LogStoreFailed(logger, exception);
        }

        if (retryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            await EdgeProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, EdgeProblems.RateLimited, $"Too many requests; retry in {seconds} s.", seconds);
            return;
        }

        await next(context);
    }

    private static bool IsWhatsAppWebhook(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Endpoints.WebhooksEndpoints.WhatsAppPath, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(EventId = LogEvents.RateLimitStoreUnavailable, Level = LogLevel.Warning, Message = "Rate-limit counters are unavailable; the request was not counted")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);
}
