using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Presence;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Realtime;

/// <summary>
/// The hub connections of every instance, for presence: each instance adds its connections when they open, removes
/// them when they close, and refreshes them every <see cref="RealtimeSettings.PresenceHeartbeat"/>; an entry not
/// refreshed for <see cref="RealtimeSettings.PresenceTtl"/> (its instance died) no longer counts. <see cref="Changed"/>
/// is raised on every instance when any instance says presence changed.
/// </summary>
public interface IPresenceRegistry : IPresence
{
    event Action? Changed;

    Task AddAsync(Guid userId, string connectionId, CancellationToken cancellationToken);

    Task RemoveAsync(Guid userId, string connectionId, CancellationToken cancellationToken);

    /// <summary>Extends the life of this instance's open connections and forgets expired entries.</summary>
    Task RefreshAsync(IReadOnlyCollection<(Guid UserId, string ConnectionId)> connections, CancellationToken cancellationToken);
}

/// <summary>
/// Server mode: one Redis sorted set of <c>user:connection</c> scored by expiry time, shared by every instance, and a
/// channel that wakes every instance's presence monitor.
/// </summary>
public sealed partial class RedisPresenceRegistry : IPresenceRegistry, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _ttl;
    private readonly RedisKey _key;
    private readonly RedisChannel _channel;
    private readonly ILogger<RedisPresenceRegistry> _logger;

    public RedisPresenceRegistry(IConnectionMultiplexer redis, WhatsSuiteSettings settings, TimeProvider clock, ILogger<RedisPresenceRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _redis = redis;
        _clock = clock;
        _logger = logger;
        _ttl = settings.Realtime.PresenceTtl;
        _key = $"{settings.RedisSessionPrefix}:desk:presence";
        _channel = RedisChannel.Literal($"{settings.RedisSessionPrefix}:desk:presence-changed");
        _redis.ConnectionRestored += (_, _) => Task.Run(Subscribe);
        Subscribe();
    }

    public event Action? Changed;

    public async Task<IReadOnlyDictionary<Guid, int>> OnlineAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var members = await _redis.GetDatabase().SortedSetRangeByScoreAsync(_key, now, double.PositiveInfinity, Exclude.Start);
        return Count(members.Select(m => m.ToString()));
    }

    public Task AddAsync(Guid userId, string connectionId, CancellationToken cancellationToken) =>
        _redis.GetDatabase().SortedSetAddAsync(_key, Member(userId, connectionId), Expiry());

    public Task RemoveAsync(Guid userId, string connectionId, CancellationToken cancellationToken) =>
        _redis.GetDatabase().SortedSetRemoveAsync(_key, Member(userId, connectionId));

    public async Task RefreshAsync(IReadOnlyCollection<(Guid UserId, string ConnectionId)> connections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var db = _redis.GetDatabase();
        var expiry = Expiry();
        if (connections.Count > 0)
        {
            await db.SortedSetAddAsync(_key, [.. connections.Select(c => new SortedSetEntry(Member(c.UserId, c.ConnectionId), expiry))]);
        }

        await db.SortedSetRemoveRangeByScoreAsync(_key, double.NegativeInfinity, _clock.GetUtcNow().ToUnixTimeMilliseconds());
        await db.KeyExpireAsync(_key, _ttl * 2);
    }

    public void NotifyChanged()
    {
        try
        {
            _redis.GetSubscriber().Publish(_channel, "1", CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            // The other instances notice at their next heartbeat; this one now.
            LogNotPublished(_logger, ex);
            Changed?.Invoke();
        }
    }

    public void Dispose() => _redis.GetSubscriber().Unsubscribe(_channel, OnChanged);

    internal static IReadOnlyDictionary<Guid, int> Count(IEnumerable<string> members)
    {
        var online = new Dictionary<Guid, int>();
        foreach (var member in members)
        {
            var separator = member.IndexOf(':', StringComparison.Ordinal);
            if (separator > 0 && Guid.TryParse(member.AsSpan(0, separator), out var userId))
            {
                online[userId] = online.GetValueOrDefault(userId) + 1;
            }
        }

        return online;
    }

    private static string Member(Guid userId, string connectionId) => $"{userId:N}:{connectionId}";

    private double Expiry() => (_clock.GetUtcNow() + _ttl).ToUnixTimeMilliseconds();

    private void Subscribe()
    {
        var subscriber = _redis.GetSubscriber();
        try
        {
            subscriber.Unsubscribe(_channel, OnChanged);
            subscriber.Subscribe(_channel, OnChanged);
        }
        catch (RedisException ex)
        {
            LogNotSubscribed(_logger, ex);
        }
    }

    private void OnChanged(RedisChannel channel, RedisValue value) => Changed?.Invoke();

    [LoggerMessage(EventId = LogEvents.PresenceNoticeNotPublished, Level = LogLevel.Warning, Message = "The presence-changed notice could not be published to the other instances")]
    private static partial void LogNotPublished(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEvents.PresenceSubscriptionFailed, Level = LogLevel.Warning, Message = "Not subscribed to the other instances' presence notices (retried when Redis reconnects)")]
    private static partial void LogNotSubscribed(ILogger logger, Exception exception);
}

/// <summary>Embedded mode (one instance): the connections in memory; nothing outlives the process.</summary>
public sealed class MemoryPresenceRegistry : IPresenceRegistry
{
    private readonly ConcurrentDictionary<(Guid UserId, string ConnectionId), byte> _connections = new();

    public event Action? Changed;

    public Task<IReadOnlyDictionary<Guid, int>> OnlineAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<Guid, int>>(_connections.Keys.GroupBy(k => k.UserId).ToDictionary(g => g.Key, g => g.Count()));

    public Task AddAsync(Guid userId, string connectionId, CancellationToken cancellationToken)
    {
        _connections[(userId, connectionId)] = 0;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(Guid userId, string connectionId, CancellationToken cancellationToken)
    {
        _connections.TryRemove((userId, connectionId), out _);
        return Task.CompletedTask;
    }

    public Task RefreshAsync(IReadOnlyCollection<(Guid UserId, string ConnectionId)> connections, CancellationToken cancellationToken) => Task.CompletedTask;

    public void NotifyChanged() => Changed?.Invoke();
}
