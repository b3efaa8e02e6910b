using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Background;

namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>
/// The outbox as a <see cref="LeasedQueue{TEntity}"/>: due outbound messages are queued messages whose
/// <c>next_attempt_at</c> has come. Messages of connections that are not active stay queued and are not claimed,
/// except on a deleted connection, where the dispatcher fails them. A claimed message stays held while it is queued.
/// <para>
/// Only a conversation's oldest queued message can be claimed (by its queue time, <c>sent_at</c>): the next one waits
/// until it has left the outbox (sent or failed), whichever instance holds it, so a customer receives a conversation's
/// messages in the order they were written also when several instances dispatch. A message waiting for a retry holds
/// back the ones written after it, as on WhatsApp itself. Two messages queued at the same instant are ordered by the
/// dispatcher of the instance that claims them (by time, then id).
/// </para>
/// </summary>
internal static class OutboxClaim
{
    public static readonly LeasedQueue<Message> Queue = new()
    {
        Table = "messages",
        Joins = "JOIN connections c ON c.id = q.connection_id",
        ReadySql = "q.direction = @outbox_direction AND q.status = @outbox_status AND (c.deleted_at IS NOT NULL OR c.status = @outbox_connection_status)"
            + " AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.conversation_id = q.conversation_id AND o.sent_at < q.sent_at"
            + " AND o.direction = @outbox_direction AND o.status = @outbox_status)",
        ReadyParameters = new Dictionary<string, object>
        {
            ["outbox_direction"] = nameof(MessageDirection.Outbound),
            ["outbox_status"] = nameof(MessageStatus.Queued),
            ["outbox_connection_status"] = nameof(ConnectionStatus.Active),
        },
        Ready = db => m => m.Direction == MessageDirection.Outbound && m.Status == MessageStatus.Queued
            && db.Connections.Any(c => c.Id == m.ConnectionId && (c.DeletedAt != null || c.Status == ConnectionStatus.Active))
            && !db.Messages.Any(o => o.ConversationId == m.ConversationId && o.SentAt < m.SentAt
                && o.Direction == MessageDirection.Outbound && o.Status == MessageStatus.Queued),
        Held = m => m.Status == MessageStatus.Queued,
        Id = m => m.Id,
        Lease = m => m.NextAttemptAt,
    };
}
