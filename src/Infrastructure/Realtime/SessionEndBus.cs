using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Realtime;

/// <summary>
/// Singleton: carries "these sessions ended" to every instance. In server mode the notice goes through a Redis
/// channel that every instance subscribes to (the sender hears it too); in embedded mode, with one instance, it is
/// raised in process. <see cref="Received"/> is where the hub's connection registry listens.
/// </summary>
public sealed partial class SessionEndBus : ISessionEndSignal, IDisposable
{
    private readonly IConnectionMultiplexer? _redis;
    private readonly RedisChannel _channel;
    private readonly ILogger<SessionEndBus> _logger;

    public SessionEndBus(WhatsSuiteSettings settings, ILogger<SessionEndBus> logger, IConnectionMultiplexer? redis = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _logger = logger;
        _redis = redis;
        _channel = RedisChannel.Literal($"{settings.RedisSessionPrefix}:desk:sessions-ended");
        if (_redis is not null)
        {
            // Redis may be down while the instance starts (the product keeps serving, ADR 0007): then the subscription
            // is made when the connection comes back, and until then the periodic session check closes connections.
            _redis.ConnectionRestored += (_, _) => Task.Run(Subscribe);
            Subscribe();
        }
    }

    /// <summary>Raised on every instance for every notice, from any instance.</summary>
    public event Action<SessionsEndedNotice>? Received;

    public void Ended(Guid? userId, IReadOnlyCollection<string> jtis)
    {
        ArgumentNullException.ThrowIfNull(jtis);
        Announce(new SessionsEndedNotice(userId, [.. jtis]));
    }

    public void ApiKeyEnded(Guid apiKeyId) => Announce(new SessionsEndedNotice(null, [], apiKeyId));

    public void Dispose() => _redis?.GetSubscriber().Unsubscribe(_channel, OnNotice);

    private void Announce(SessionsEndedNotice notice)
    {
        if (_redis is null)
        {
            Received?.Invoke(notice);
            return;
        }

        try
        {
            _redis.GetSubscriber().Publish(_channel, JsonSerializer.Serialize(notice), CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            // The sessions (or the key) are revoked in the store already: a connection that misses the notice is closed by the
            // periodic session check instead (docs/realtime.md). Close the local ones now.
            LogNoticeNotPublished(_logger, ex);
            Received?.Invoke(notice);
        }
    }

    /// <summary>Subscribes once; a later call (after a reconnection) replaces the handler rather than adding another.</summary>
    private void Subscribe()
    {
        var subscriber = _redis!.GetSubscriber();
        try
        {
            subscriber.Unsubscribe(_channel, OnNotice);
            subscriber.Subscribe(_channel, OnNotice);
        }
        catch (RedisException ex)
        {
            LogNotSubscribed(_logger, ex);
        }
    }

    private void OnNotice(RedisChannel channel, RedisValue value) => Raise(value);

    private void Raise(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return;
        }

        var notice = JsonSerializer.Deserialize<SessionsEndedNotice>(value.ToString());
        if (notice is not null)
        {
            Received?.Invoke(notice);
        }
    }

    [LoggerMessage(EventId = LogEvents.SessionEndNoticeNotPublished, Level = LogLevel.Warning, Message = "The sessions-ended notice could not be published to the other instances")]
    private static partial void LogNoticeNotPublished(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEvents.SessionEndSubscriptionFailed, Level = LogLevel.Warning, Message = "Not subscribed to the other instances' sessions-ended notices (retried when Redis reconnects)")]
    private static partial void LogNotSubscribed(ILogger logger, Exception exception);
}
