using StackExchange.Redis;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Resilience;

namespace WhatsSuite.Infrastructure.RateLimiting;

/// <summary>
/// Counters in Redis, so every instance spends one budget. INCR and the window's expiry run in one Lua
/// script: the first hit of a window sets its expiry, and a key never lives on without one. Calls go through the
/// instance's <see cref="RedisGuard"/> (short timeout, circuit breaker).
/// </summary>
internal sealed class RedisRateLimitStore(IConnectionMultiplexer redis, WhatsSuiteSettings settings, RedisGuard guard) : IRateLimitStore
{
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if count == 1 or ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {count, ttl}
        """;

    public Task<RateLimitCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken) =>
        guard.RunAsync(
            async _ =>
            {
                var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                    Script,
                    [new RedisKey($"{settings.HttpEdge.RateLimitPrefix}:{key}")],
                    [(long)window.TotalMilliseconds]))!;
                return new RateLimitCount((long)result[0], TimeSpan.FromMilliseconds((long)result[1]));
            },
            cancellationToken);
}
