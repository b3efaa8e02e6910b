using WhatsSuite.Application.Common.Retries;

namespace WhatsSuite.Application.Webhooks;

/// <summary>
/// When a delivery whose processing failed is tried again: 2 s · 2^(attempts − 1), capped at 15 minutes, with
/// ±20 % jitter so that deliveries that failed together do not retry together; after
/// <c>WEBHOOK_MAX_ATTEMPTS</c> attempts, never (the entry waits, failed, for an administrator).
/// </summary>
public static class WebhookRetryPolicy
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    /// <summary>The next attempt after <paramref name="attemptsSoFar"/> failed attempts (including the one just made); null when none is left.</summary>
    public static DateTimeOffset? NextAttemptAt(int attemptsSoFar, int maxAttempts, DateTimeOffset now)
    {
        if (attemptsSoFar >= maxAttempts)
        {
            return null;
        }

        return now + ExponentialBackoff.Delay(attemptsSoFar, BaseDelay, MaxDelay);
    }
}
