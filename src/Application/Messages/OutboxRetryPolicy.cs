using WhatsSuite.Application.Common.Retries;

namespace WhatsSuite.Application.Messages;

/// <summary>
/// When an outbound message WhatsApp asked to retry is sent again: exponential backoff from 2 s, capped at
/// 5 minutes, with jitter, never sooner than WhatsApp's <c>Retry-After</c>; after <c>OUTBOX_MAX_ATTEMPTS</c>
/// attempts the message fails. See docs/decisions/0012-outbox-dispatch.md.
/// </summary>
public static class OutboxRetryPolicy
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1; never shorter than <paramref name="retryAfter"/>.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        var delay = ExponentialBackoff.Delay(attempt, BaseDelay, MaxDelay);
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}
