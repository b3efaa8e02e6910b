namespace WhatsSuite.Application.Common.Retries;

/// <summary>
/// The retry delay shared by the webhook inbox and the outbox: <c>baseDelay · 2^(attempt − 1)</c>, capped at
/// <c>maxDelay</c>, with ±20 % jitter (never above the cap) so that work that failed together does not retry
/// together.
/// </summary>
public static class ExponentialBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponential = baseDelay * Math.Pow(2, Math.Clamp(attempt - 1, 0, 20));
        var capped = exponential < maxDelay ? exponential : maxDelay;
#pragma warning disable CA5394 // Jitter spreads retries; it needs no cryptographic randomness.
        var jittered = capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
#pragma warning restore CA5394
        return jittered < maxDelay ? jittered : maxDelay;
    }
}
