using StackExchange.Redis;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.RateLimiting;

/// <summary>
/// Counters in Redis, so every instance spends one budget. INCR and the window's expiry run in one Lua
/// script: the first hit of a window sets its expiry, and a key never lives on without one.
/// </summary>
internal sealed class RedisRateLimitStore(IConnectionMultiplexer redis, WhatsSuiteSettings settings) : IRateLimitStore
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

    public async Task<RateLimitCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            Script,
            [new RedisKey($"{settings.HttpEdge.RateLimitPrefix}:{key}")],
            [(long)window.TotalMilliseconds]))!;
        return new RateLimitCount((long)result[0], TimeSpan.FromMilliseconds((long)result[1]));
    }
}
