using Microsoft.EntityFrameworkCore;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>
/// Takes due outbound messages for one dispatcher by pushing their <c>next_attempt_at</c> to a lease
/// time: until the lease ends no other dispatcher sees them as due. The lease value doubles as the claim's
/// token: a dispatcher only sends a message whose <c>next_attempt_at</c> still holds its own lease.
/// Messages of connections that are not active stay queued and are not claimed, except on a deleted
/// connection, where the dispatcher fails them.
/// </summary>
internal static class OutboxClaim
{
    /// <summary>
    /// PostgreSQL: one statement that locks the due rows with <c>FOR UPDATE SKIP LOCKED</c> (rows another
    /// instance is claiming are skipped, and a row it claimed a moment ago no longer matches once re-read)
    /// and moves them to the lease.
    /// </summary>
    private const string PostgresClaim = """
        UPDATE messages SET next_attempt_at = {0}
        WHERE id IN (
            SELECT m.id FROM messages m
            JOIN connections c ON c.id = m.connection_id
            WHERE m.direction = {1} AND m.status = {2} AND m.next_attempt_at <= {3}
              AND (c.deleted_at IS NOT NULL OR c.status = {4})
            ORDER BY m.next_attempt_at, m.id
            LIMIT {5}
            FOR UPDATE OF m SKIP LOCKED)
        RETURNING id AS "Value"
        """;

    public static async Task<List<Guid>> ClaimAsync(AppDbContext db, DateTimeOffset now, DateTimeOffset lease, int limit, CancellationToken cancellationToken)
    {
        if (db is PostgresAppDbContext)
        {
            return await db.Database
                .SqlQueryRaw<Guid>(PostgresClaim, lease, nameof(MessageDirection.Outbound), nameof(MessageStatus.Queued), now, nameof(ConnectionStatus.Active), limit)
                .ToListAsync(cancellationToken);
        }

        // Embedded mode runs one instance: a plain read, then the lease.
        var due = await db.Messages
            .Where(m => m.Direction == MessageDirection.Outbound && m.Status == MessageStatus.Queued && m.NextAttemptAt <= now)
            .Where(m => db.Connections.Any(c => c.Id == m.ConnectionId && (c.DeletedAt != null || c.Status == ConnectionStatus.Active)))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        if (due.Count > 0)
        {
            await db.Messages.Where(m => due.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, lease), cancellationToken);
        }

        return due;
    }
}
