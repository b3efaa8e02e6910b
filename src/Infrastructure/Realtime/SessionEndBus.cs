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
        _redis?.GetSubscriber().Subscribe(_channel, (_, value) => Raise(value));
    }

    /// <summary>Raised on every instance for every notice, from any instance.</summary>
    public event Action<SessionsEndedNotice>? Received;

    public void Ended(Guid? userId, IReadOnlyCollection<string> jtis)
    {
        ArgumentNullException.ThrowIfNull(jtis);
        var notice = new SessionsEndedNotice(userId, [.. jtis]);
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
            // The sessions are revoked in the store already: a connection that misses the notice is closed by the
            // periodic session check instead (docs/realtime.md). Close the local ones now.
            LogNoticeNotPublished(_logger, ex);
            Received?.Invoke(notice);
        }
    }

    public void Dispose() => _redis?.GetSubscriber().Unsubscribe(_channel);

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
}
