namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>Fixed-window request counters, shared by every instance when they live in Redis.</summary>
public interface IRateLimitStore
{
    /// <summary>Counts one hit in the current window of <paramref name="key"/>; returns the count and the time left in the window.</summary>
    Task<RateLimitCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken);
}

public readonly record struct RateLimitCount(long Count, TimeSpan ResetsIn);
