using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Auditing;

/// <summary>
/// Scoped: queues the command's auth events and writes them with its audit row in one save. The audit
/// behavior calls <see cref="WriteAsync"/> after the command's transaction has committed or rolled back
/// (a rollback clears pending changes), so the save holds only audit data.
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
        db.AuditLogs.Add(AuditLog.Record(
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
            Truncate(actor.RequestId, 128)));
        foreach (var e in _pendingAuthEvents)
        {
            db.AuthEvents.Add(AuthEvent.Record(now, e.Type, e.UserId, Truncate(e.Email, 254), e.PerformedBy, e.Reason, Truncate(e.IpAddress, 64), Truncate(e.UserAgent, 512)));
        }

        _pendingAuthEvents.Clear();
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
