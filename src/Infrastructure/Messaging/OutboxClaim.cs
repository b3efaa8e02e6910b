using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Background;

namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>
/// The outbox as a <see cref="LeasedQueue{TEntity}"/>: due outbound messages are queued messages whose
/// <c>next_attempt_at</c> has come. Messages of connections that are not active stay queued and are not claimed,
/// except on a deleted connection, where the dispatcher fails them. A claimed message stays held while it is queued.
/// </summary>
internal static class OutboxClaim
{
    public static readonly LeasedQueue<Message> Queue = new()
    {
        Table = "messages",
        Joins = "JOIN connections c ON c.id = q.connection_id",
        ReadySql = "q.direction = @outbox_direction AND q.status = @outbox_status AND (c.deleted_at IS NOT NULL OR c.status = @outbox_connection_status)",
        ReadyParameters = new Dictionary<string, object>
        {
            ["outbox_direction"] = nameof(MessageDirection.Outbound),
            ["outbox_status"] = nameof(MessageStatus.Queued),
            ["outbox_connection_status"] = nameof(ConnectionStatus.Active),
        },
        Ready = db => m => m.Direction == MessageDirection.Outbound && m.Status == MessageStatus.Queued
            && db.Connections.Any(c => c.Id == m.ConnectionId && (c.DeletedAt != null || c.Status == ConnectionStatus.Active)),
        Held = m => m.Status == MessageStatus.Queued,
        Id = m => m.Id,
        Lease = m => m.NextAttemptAt,
    };
}
