using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Common;
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
            Clean(actor.Id, 128)!,
            Clean(entry.Action, 128)!,
            Clean(entry.TargetType, 64),
            Clean(entry.TargetId, 128),
            entry.Outcome,
            Clean(entry.Reason, 128),
            Clean(actor.IpAddress, 64),
            Clean(actor.UserAgent, 512),
            Clean(actor.RequestId, 128));
        db.AuditLogs.Add(log);
        foreach (var e in _pendingAuthEvents)
        {
            db.AuthEvents.Add(AuthEvent.Record(now, e.Type, e.UserId, Clean(e.Email, 254), e.PerformedBy, Clean(e.Reason, 128), Clean(e.IpAddress, 64), Clean(e.UserAgent, 512)));
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

    /// <summary>
    /// Audit data can carry what a caller sent (filters, e-mails, user agents). It is stored as evidence,
    /// never refused: control characters (which PostgreSQL cannot store as NUL) and unpaired surrogates (which it
    /// cannot encode) become U+FFFD, and the value is cut to the column's length by whole text elements.
    /// </summary>
    internal static string? Clean(string? value, int max)
    {
        if (value is null)
        {
            return null;
        }

        var cleaned = value.Any(char.IsControl) ? string.Concat(value.Select(c => char.IsControl(c) ? '\uFFFD' : c)) : value;
        return TextLimit.Cut(TextLimit.ReplaceLoneSurrogates(cleaned), max);
    }
}
