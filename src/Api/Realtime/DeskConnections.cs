using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Api.Realtime;

/// <summary>Singleton: the hub connections open on this instance, by connection, with their user and session (or API key).</summary>
internal sealed class DeskConnections
{
    private readonly ConcurrentDictionary<string, Entry> _connections = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    internal sealed record Entry(string ConnectionId, DeskUser User, HubCallerContext Context);

    public int Count => _connections.Count;

    /// <summary>Registers a connection unless its user (or API key) already holds <paramref name="maxPerUser"/> on this instance.</summary>
    public bool TryAdd(string connectionId, DeskUser user, HubCallerContext context, int maxPerUser)
    {
        lock (_gate)
        {
            if (_connections.Values.Count(e => e.User.Owner == user.Owner) >= maxPerUser)
            {
                return false;
            }

            _connections[connectionId] = new Entry(connectionId, user, context);
            return true;
        }
    }

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public IReadOnlyList<Entry> Snapshot() => [.. _connections.Values];

    /// <summary>
    /// Closes the connections of the ended sessions (every connection of the user when the notice names one, of the API
    /// key when it names one); returns how many.
    /// </summary>
    public int Close(SessionsEndedNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var jtis = notice.Jtis.ToHashSet(StringComparer.Ordinal);
        var closed = 0;
        foreach (var entry in _connections.Values)
        {
            if ((entry.User.ApiKeyId is null && entry.User.UserId == notice.UserId)
                || (entry.User.Jti is { } jti && jtis.Contains(jti))
                || (notice.ApiKeyId is { } keyId && entry.User.ApiKeyId == keyId))
            {
                Close(entry);
                closed++;
            }
        }

        return closed;
    }

    public void Close(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Remove(entry.ConnectionId);
        entry.Context.Abort();
    }
}
