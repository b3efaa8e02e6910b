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
/// budget per instance. A second key per connection, <c>...:pace</c>, spaces the tokens (one budget-th of a second
/// apart, see <see cref="SendPacing"/>) and holds them back after WhatsApp throttled the number, for every instance at
/// once.
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
    /// KEYS[1] the set, KEYS[2] the connection's pace (a hash: <c>slot</c>, when the next token is due, and <c>held</c>,
    /// no token before it); ARGV[1] the budget, ARGV[2] the token, ARGV[3] how long an in-flight token may live (ms),
    /// ARGV[4] the least time between two tokens and ARGV[5] how far behind schedule it may catch up (microseconds).
    /// Times are microseconds of Redis's clock, written with <c>%.0f</c> (Lua's own number format would round them).
    /// Answers 0 (taken), -1 (every token in flight) or the ms to wait.
    /// </summary>
    private const string AcquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local hold = tonumber(ARGV[3])
        local pace = redis.call('HMGET', KEYS[2], 'slot', 'held')
        local held = tonumber(pace[2] or '0')
        if held > now then
          return math.max(1, math.ceil((held - now) / 1000))
        end
        local slot = tonumber(pace[1] or '0')
        if slot < now - tonumber(ARGV[5]) then
          slot = now
        end
        if slot > now then
          return math.max(1, math.ceil((slot - now) / 1000))
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1000000)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
          redis.call('ZADD', KEYS[1], now + hold * 1000, ARGV[2])
          redis.call('PEXPIRE', KEYS[1], hold + 2000)
          redis.call('HSET', KEYS[2], 'slot', string.format('%.0f', slot + tonumber(ARGV[4])))
          redis.call('PEXPIRE', KEYS[2], 60000)
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

    /// <summary>KEYS[1] the connection's pace; ARGV[1] the hold (ms) from now on Redis's clock, unless a later one is set.</summary>
    private const string HoldScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local ms = tonumber(ARGV[1])
        local until_ = now + ms * 1000
        if until_ > tonumber(redis.call('HGET', KEYS[1], 'held') or '0') then
          redis.call('HSET', KEYS[1], 'held', string.format('%.0f', until_))
          if redis.call('PTTL', KEYS[1]) < ms + 2000 then
            redis.call('PEXPIRE', KEYS[1], ms + 2000)
          end
        end
        return 0
        """;

    public async Task<IAsyncDisposable> AcquireAsync(Guid connectionId, int perSecond, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        var key = new RedisKey($"{settings.HttpEdge.RateLimitPrefix}:send:{connectionId:N}");
        var pace = PaceKey(connectionId);
        var token = Guid.NewGuid().ToString("N");
        var holdMs = (long)(settings.WhatsApp.HttpTimeout + TimeSpan.FromSeconds(5)).TotalMilliseconds;
        var intervalUs = SendPacing.IntervalMicroseconds(perSecond);
        var catchUpUs = (long)SendPacing.CatchUp.TotalMicroseconds;
        while (true)
        {
            long wait;
            try
            {
                wait = (long)await guard.RunAsync(
                    _ => redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, [key, pace], [perSecond, token, holdMs, intervalUs, catchUpUs]),
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

    public async Task HoldAsync(Guid connectionId, TimeSpan duration, CancellationToken cancellationToken)
    {
        var ms = (long)Math.Ceiling(duration.TotalMilliseconds);
        try
        {
            await guard.RunAsync(_ => redis.GetDatabase().ScriptEvaluateAsync(HoldScript, [PaceKey(connectionId)], [ms]), cancellationToken);
        }
        catch (DependencyUnavailableException exception)
        {
            // Without Redis each instance sends within its own budget: hold that one back instead.
            LogFallback(logger, exception, connectionId);
        }

        await local.HoldAsync(connectionId, duration, cancellationToken);
    }

    private RedisKey PaceKey(Guid connectionId) => new($"{settings.HttpEdge.RateLimitPrefix}:send:{connectionId:N}:pace");

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
