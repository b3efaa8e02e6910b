using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Common;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Auditing;

/// <summary>
/// Scoped: queues the command's auth events and writes them with its audit row. The audit behavior calls
/// <see cref="WriteAsync"/> after the command's transaction has committed or rolled back, so the row is appended to the
/// hash chain by <see cref="AuditChainAppender"/>, in a short transaction of its own shared with the rows other commands
/// write at the same moment (group commit); the call completes once the row is committed.
/// </summary>
internal sealed class AuditTrail(AppDbContext db, AuditChainAppender appender, TimeProvider clock) : IAuditTrail
{
    private readonly List<AuthEventEntry> _pendingAuthEvents = [];

    public void AddAuthEvent(AuthEventEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _pendingAuthEvents.Add(entry);
    }

    public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync([entry], cancellationToken);
    }

    public async Task WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfZero(entries.Count);
        var now = clock.GetUtcNow();
        var logs = entries.Select(entry => AuditLog.Record(
            now,
            entry.Actor.Kind,
            Clean(entry.Actor.Id, 128)!,
            Clean(entry.Action, 128)!,
            Clean(entry.TargetType, 64),
            Clean(entry.TargetId, 128),
            entry.Outcome,
            Clean(entry.Reason, 128),
            Clean(entry.Actor.IpAddress, 64),
            Clean(entry.Actor.UserAgent, 512),
            Clean(entry.Actor.RequestId, 128))).ToList();
        var authEvents = _pendingAuthEvents
            .Select(e => AuthEvent.Record(now, e.Type, e.UserId, Clean(e.Email, 254), e.PerformedBy, Clean(e.Reason, 128), Clean(e.IpAddress, 64), Clean(e.UserAgent, 512)))
            .ToList();
        _pendingAuthEvents.Clear();
        if (db.Database.CurrentTransaction is not null)
        {
            // Not expected (the audit behavior runs outside the command's transaction): the row joins that transaction,
            // and the chain's lock lasts until it ends.
            db.AuthEvents.AddRange(authEvents);
            await AuditChainAppender.LinkAsync(db, logs, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        // The command has ended: its row is written even when the caller stops waiting for it.
        await appender.AppendAsync(logs, authEvents);
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
