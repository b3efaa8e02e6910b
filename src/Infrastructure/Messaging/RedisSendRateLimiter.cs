using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Resilience;

namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>
/// The per-connection send budget shared by every instance (server mode with Redis): one sorted set per connection,
/// <c>{RATE_LIMIT_PREFIX}:send:{connectionId}</c>, holds the tokens, scored with the time their send finished (or,
/// while in flight, with the time they are given up if their instance dies: now plus the WhatsApp HTTP timeout and a
/// margin). Taking a token is one Lua script on Redis's own clock: drop the tokens that finished more than a second
/// ago, and take one if fewer than the budget remain. So no one-second window holds more sends than the budget across
/// the whole deployment, with the same rule as the in-process buckets. While Redis is unavailable (its guard fails),
/// each instance falls back to its own <see cref="ConnectionSendRateLimiter"/>: messages keep going, at up to the
/// budget per instance.
/// </summary>
internal sealed partial class RedisSendRateLimiter(
    IConnectionMultiplexer redis,
    RedisGuard guard,
    ConnectionSendRateLimiter local,
    WhatsSuiteSettings settings,
    ILogger<RedisSendRateLimiter> logger) : ISendRateLimiter
{
    /// <summary>How soon to look again when every token is still out with a send in flight.</summary>
    private const long InFlightRecheckMs = 20;

    /// <summary>
    /// KEYS[1] the set; ARGV[1] the budget, ARGV[2] the token, ARGV[3] how long an in-flight token may live (ms).
    /// Scores are microseconds of Redis's clock. Answers 0 (taken), -1 (every token in flight) or the ms to wait.
    /// </summary>
    private const string AcquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local hold = tonumber(ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1000000)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
          redis.call('ZADD', KEYS[1], now + hold * 1000, ARGV[2])
          redis.call('PEXPIRE', KEYS[1], hold + 2000)
          return 0
        end
        local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
        if oldest > now then
          return -1
        end
        return math.max(1, math.ceil((oldest + 1000000 - now) / 1000))
        """;

    /// <summary>KEYS[1] the set; ARGV[1] the token: it now counts from this moment, for one second.</summary>
    private const string ReleaseScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        return redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
        """;

    public async Task<IAsyncDisposable> AcquireAsync(Guid connectionId, int perSecond, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        var key = new RedisKey($"{settings.HttpEdge.RateLimitPrefix}:send:{connectionId:N}");
        var token = Guid.NewGuid().ToString("N");
        var holdMs = (long)(settings.WhatsApp.HttpTimeout + TimeSpan.FromSeconds(5)).TotalMilliseconds;
        while (true)
        {
            long wait;
            try
            {
                wait = (long)await guard.RunAsync(
                    _ => redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, [key], [perSecond, token, holdMs]),
                    cancellationToken);
            }
            catch (DependencyUnavailableException exception)
            {
                LogFallback(logger, exception, connectionId);
                return await local.AcquireAsync(connectionId, perSecond, cancellationToken);
            }

            if (wait == 0)
            {
                return new Token(this, key, token);
            }

            // Redis's clock decides the wait, so it is waited for in real time.
            await Task.Delay(TimeSpan.FromMilliseconds(wait < 0 ? InFlightRecheckMs : wait), TimeProvider.System, cancellationToken);
        }
    }

    private async Task ReleaseAsync(RedisKey key, string token)
    {
        try
        {
            await guard.RunAsync(_ => redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [key], [token]), CancellationToken.None);
        }
        catch (DependencyUnavailableException exception)
        {
            // The token then counts until its in-flight time runs out: slower sends, never more.
            LogReleaseFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = LogEvents.SendBudgetUnavailable, Level = LogLevel.Warning, Message = "The shared send budget is unavailable; connection {ConnectionId} sends within this instance's own budget")]
    private static partial void LogFallback(ILogger logger, Exception exception, Guid connectionId);

    [LoggerMessage(EventId = LogEvents.SendTokenNotReturned, Level = LogLevel.Warning, Message = "A send token could not be handed back to the shared budget; it counts until it expires")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);

    private sealed class Token(RedisSendRateLimiter owner, RedisKey key, string token) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _released, 1) == 0 ? new ValueTask(owner.ReleaseAsync(key, token)) : ValueTask.CompletedTask;
    }
}
