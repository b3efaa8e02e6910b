using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.AuditLogs;

/// <summary>The audit-log filters, shared by the list and the CSV export so both always select the same rows.</summary>
internal static class AuditLogFilter
{
    public static IQueryable<AuditLog> Apply(IQueryable<AuditLog> logs, string? actorId, string? action, AuditOutcome? outcome, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (!string.IsNullOrWhiteSpace(actorId))
        {
            var actor = actorId.Trim();
            logs = logs.Where(l => l.ActorId == actor);
        }

        if (!string.IsNullOrWhiteSpace(action))
        {
            var name = action.Trim();
            logs = logs.Where(l => l.Action == name);
        }

        if (outcome is { } wanted)
        {
            logs = logs.Where(l => l.Outcome == wanted);
        }

        if (from?.ToUniversalTime() is { } start)
        {
            logs = logs.Where(l => l.OccurredAt >= start);
        }

        if (to?.ToUniversalTime() is { } end)
        {
            logs = logs.Where(l => l.OccurredAt <= end);
        }

        return logs;
    }
}
