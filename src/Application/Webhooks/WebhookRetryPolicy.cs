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

        var exponent = Math.Clamp(attemptsSoFar - 1, 0, 20);
        var delay = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter spreads retries; it needs no cryptographic randomness.
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        return now + TimeSpan.FromMilliseconds(Math.Min(delay * jitter, MaxDelay.TotalMilliseconds));
    }
}
