using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Presence.PurgePresence;

/// <summary>
/// Deletes presence stretches that ended before <paramref name="Before"/> (past <c>RETENTION_PRESENCE_MONTHS</c>), at most
/// <see cref="BatchSize"/> per command, oldest first. Staff monitoring data past its retention is deleted, not archived
/// (ADR 0057). Sent by the recurring job <c>presence-retention</c> as its system actor, audited.
/// </summary>
[SystemOnly]
public sealed record PurgePresenceCommand(DateTimeOffset Before) : ICommand<Result<PurgedPresence>>, IAuditTarget
{
    public const int BatchSize = 5000;

    /// <summary>True when some stretch ended before <paramref name="before"/> (checked before a run, so an idle run writes no audit row).</summary>
    public static Task<bool> HasWorkAsync(IApplicationDbContext db, DateTimeOffset before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.PresenceIntervals.AnyAsync(i => i.EndedAt < before, cancellationToken);
    }

    public string AuditTargetType => "presence";

    public string? AuditTargetId => Before.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>How many stretches one batch deleted, and whether none is left before the cutoff.</summary>
public sealed record PurgedPresence(int Deleted, bool Done);
