using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Auditing;

/// <summary>
/// Scoped: queues the command's auth events and writes them with its audit row in one save. The audit
/// behavior calls <see cref="WriteAsync"/> after the command's transaction has committed or rolled back
/// (a rollback clears pending changes), so the save holds only audit data.
/// The audit row is appended to the hash chain in a short transaction of its own: in PostgreSQL a
/// transaction-scoped advisory lock serializes the appends of every instance (read the last row, link, insert,
/// commit); in SQLite the write transaction (<c>BEGIN IMMEDIATE</c>) does the same.
/// </summary>
internal sealed class AuditTrail(AppDbContext db, TimeProvider clock) : IAuditTrail
{
    private readonly List<AuthEventEntry> _pendingAuthEvents = [];

    public void AddAuthEvent(AuthEventEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _pendingAuthEvents.Add(entry);
    }

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = clock.GetUtcNow();
        var actor = entry.Actor;
        var log = AuditLog.Record(
            now,
            actor.Kind,
            actor.Id,
            entry.Action,
            entry.TargetType,
            entry.TargetId,
            entry.Outcome,
            entry.Reason,
            Truncate(actor.IpAddress, 64),
            Truncate(actor.UserAgent, 512),
            Truncate(actor.RequestId, 128));
        db.AuditLogs.Add(log);
        foreach (var e in _pendingAuthEvents)
        {
            db.AuthEvents.Add(AuthEvent.Record(now, e.Type, e.UserId, Truncate(e.Email, 254), e.PerformedBy, e.Reason, Truncate(e.IpAddress, 64), Truncate(e.UserAgent, 512)));
        }

        _pendingAuthEvents.Clear();
        if (db.Database.CurrentTransaction is not null)
        {
            // Not expected (the audit behavior runs outside the command's transaction); the lock then lasts until that transaction ends.
            await AppendAsync(log, cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AppendAsync(log, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task AppendAsync(AuditLog log, CancellationToken cancellationToken)
    {
        if (db is PostgresAppDbContext)
        {
            await db.Database.ExecuteSqlRawAsync(AuditLogTriggers.PostgresChainLock, cancellationToken);
        }

        var last = await db.AuditLogs.AsNoTracking()
            .OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash })
            .FirstOrDefaultAsync(cancellationToken);

        // Rows written before the chain existed carry no hash (see docs/security/audit.md); the chain then restarts from the genesis value.
        log.LinkAfter((last?.Sequence ?? 0) + 1, string.IsNullOrEmpty(last?.Hash) ? AuditChain.GenesisHash : last.Hash);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
