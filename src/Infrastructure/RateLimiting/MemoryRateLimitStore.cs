using System.Collections.Concurrent;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.RateLimiting;

/// <summary>Counters in process memory, for embedded mode (one instance, no Redis).</summary>
internal sealed class MemoryRateLimitStore(TimeProvider clock) : IRateLimitStore
{
    private const int SweepEvery = 4096;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private int _hits;

    public Task<RateLimitCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (Interlocked.Increment(ref _hits) % SweepEvery == 0)
        {
            foreach (var (staleKey, stale) in _windows)
            {
                if (stale.EndsAt <= now)
                {
                    _windows.TryRemove(new KeyValuePair<string, Window>(staleKey, stale));
                }
            }
        }

        var current = _windows.AddOrUpdate(
            key,
            _ => new Window(now + window, 1),
            (_, existing) => existing.EndsAt <= now ? new Window(now + window, 1) : existing with { Count = existing.Count + 1 });
        return Task.FromResult(new RateLimitCount(current.Count, current.EndsAt - now));
    }

    private sealed record Window(DateTimeOffset EndsAt, long Count);
}
