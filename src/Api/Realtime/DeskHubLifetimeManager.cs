using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using StackExchange.Redis;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.Realtime;

/// <summary>
/// Server mode: the desk hub's connections across instances, as SignalR's Redis backplane keeps them, except for an
/// event sent to a list of users (every desk event: <see cref="DeskDispatcher"/>). The backplane publishes such an event
/// once per user, to each user's channel; an event that 25 agents of a queue may see cost 25 publishes, 25 receipts and
/// 25 reads of the same bytes by the instance that holds the connections. Here it is serialized once per protocol and
/// published once, with its users, on one channel that every instance subscribes to; each instance writes it to the
/// connections of those users it holds. Messages of that channel are handled one at a time in their order, so a
/// connection receives the events in the order they were sent, as on a user's channel. Everything else (a
/// connection, groups, every client, a single user, client results) is the backplane's, unchanged.
/// </summary>
internal sealed partial class DeskHubLifetimeManager : HubLifetimeManager<DeskHub>, IDisposable
{
    private readonly HubLifetimeManager<DeskHub> _backplane;
    private readonly IConnectionMultiplexer _redis;
    private readonly IReadOnlyList<IHubProtocol> _protocols;
    private readonly RedisChannel _channel;
    private readonly ILogger<DeskHubLifetimeManager> _logger;
    private readonly ConcurrentDictionary<string, HubConnectionStore> _users = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private ChannelMessageQueue? _subscription;

    public DeskHubLifetimeManager(
        HubLifetimeManager<DeskHub> backplane,
        IConnectionMultiplexer redis,
        IHubProtocolResolver protocols,
        WhatsSuiteSettings settings,
        ILogger<DeskHubLifetimeManager> logger)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        ArgumentNullException.ThrowIfNull(settings);
        _backplane = backplane;
        _redis = redis;
        _protocols = protocols.AllProtocols;
        _channel = RedisChannel.Literal($"{settings.RedisSessionPrefix}:desk:users");
        _logger = logger;
    }

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // Subscribed before the first connection is counted, so no event for it can pass by unheard.
        await SubscribeAsync();
        if (connection.UserIdentifier is { } user)
        {
            lock (_gate)
            {
                if (!_users.TryGetValue(user, out var store))
                {
                    store = new HubConnectionStore();
                    _users[user] = store;
                }

                store.Add(connection);
            }
        }

        await _backplane.OnConnectedAsync(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.UserIdentifier is { } user)
        {
            lock (_gate)
            {
                if (_users.TryGetValue(user, out var store))
                {
                    store.Remove(connection);
                    if (store.Count == 0)
                    {
                        _users.Remove(user, out _);
                    }
                }
            }
        }

        await _backplane.OnDisconnectedAsync(connection);
    }

    /// <summary>One publish for all the users, whichever instances hold their connections.</summary>
    public override async Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return;
        }

        var invocation = new InvocationMessage(methodName, args);
        var serialized = new SerializedMessage[_protocols.Count];
        for (var i = 0; i < serialized.Length; i++)
        {
            serialized[i] = new SerializedMessage(_protocols[i].Name, _protocols[i].GetMessageBytes(invocation));
        }

        await _redis.GetSubscriber().PublishAsync(_channel, DeskUsersMessage.Write(userIds, serialized));
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        _backplane.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        _backplane.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        _backplane.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        _backplane.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        _backplane.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        _backplane.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        _backplane.TryGetReturnType(invocationId, out type);

    public void Dispose()
    {
        _subscription?.Unsubscribe();
        _subscribing.Dispose();
        (_backplane as IDisposable)?.Dispose();
    }

    /// <summary>
    /// Subscribes once. Redis keeps the subscription across reconnections (the client subscribes again); while Redis
    /// is down, a connection cannot be made either (the backplane needs Redis for it too).
    /// </summary>
    private async Task SubscribeAsync()
    {
        if (Volatile.Read(ref _subscription) is not null)
        {
            return;
        }

        await _subscribing.WaitAsync();
        try
        {
            if (_subscription is null)
            {
                var queue = await _redis.GetSubscriber().SubscribeAsync(_channel);
                queue.OnMessage(DeliverAsync);
                Volatile.Write(ref _subscription, queue);
            }
        }
        finally
        {
            _subscribing.Release();
        }
    }

    /// <summary>Writes a published event to the connections of its users held here; the next message waits for these writes.</summary>
    private async Task DeliverAsync(ChannelMessage published)
    {
        DeskUsersMessage message;
        try
        {
            message = DeskUsersMessage.Read(published.Message);
        }
        catch (Exception ex) when (ex is FormatException or EndOfStreamException or ArgumentException)
        {
            LogUnreadable(_logger, ex);
            return;
        }

        List<Task>? pending = null;
        foreach (var user in message.UserIds)
        {
            if (!_users.TryGetValue(user, out var store))
            {
                continue;
            }

            foreach (var connection in store)
            {
                var write = connection.WriteAsync(message.Invocation);
                if (!write.IsCompletedSuccessfully)
                {
                    (pending ??= []).Add(write.AsTask());
                }
            }
        }

        if (pending is not null)
        {
            try
            {
                await Task.WhenAll(pending);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A connection that fails to write is closing; the others got the event.
                LogWriteFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = LogEvents.DeskUsersMessageUnreadable, Level = LogLevel.Error, Message = "A desk event published for a list of users could not be read; it was skipped")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEvents.DeskUsersWriteFailed, Level = LogLevel.Debug, Message = "Writing a desk event to a closing connection failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}

/// <summary>
/// The message of <see cref="DeskHubLifetimeManager"/>'s channel: the users, then the invocation as each protocol
/// writes it (the bytes a connection of that protocol receives), as length-prefixed UTF-8 strings and byte runs.
/// </summary>
internal sealed record DeskUsersMessage(IReadOnlyList<string> UserIds, SerializedHubMessage Invocation)
{
    public static byte[] Write(IReadOnlyList<string> userIds, IReadOnlyList<SerializedMessage> serialized)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(serialized);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(userIds.Count);
            foreach (var user in userIds)
            {
                writer.Write(user);
            }

            writer.Write(serialized.Count);
            foreach (var message in serialized)
            {
                writer.Write(message.ProtocolName);
                writer.Write(message.Serialized.Length);
                writer.Write(message.Serialized.Span);
            }
        }

        return stream.ToArray();
    }

    public static DeskUsersMessage Read(byte[]? bytes)
    {
        if (bytes is null)
        {
            throw new FormatException("An empty desk users message.");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), System.Text.Encoding.UTF8);
        var users = new string[Count(reader)];
        for (var i = 0; i < users.Length; i++)
        {
            users[i] = reader.ReadString();
        }

        var serialized = new SerializedMessage[Count(reader)];
        for (var i = 0; i < serialized.Length; i++)
        {
            var protocol = reader.ReadString();
            var length = Count(reader);
            var payload = reader.ReadBytes(length);
            if (payload.Length != length)
            {
                throw new EndOfStreamException("A desk users message ends inside its payload.");
            }

            serialized[i] = new SerializedMessage(protocol, payload);
        }

        return new DeskUsersMessage(users, new SerializedHubMessage(serialized));
    }

    private static int Count(BinaryReader reader)
    {
        // Every counted item takes at least one of the bytes left: a count beyond them is not allocated.
        var count = reader.ReadInt32();
        return count >= 0 && count <= reader.BaseStream.Length - reader.BaseStream.Position
            ? count
            : throw new FormatException("A desk users message counts more than it holds.");
    }
}
