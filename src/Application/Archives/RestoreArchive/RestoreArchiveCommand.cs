using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Archives.RestoreArchive;

/// <summary>
/// Puts an archive's rows back into the live database (ADMIN, ADR 0033), only once its file matched its recorded
/// SHA-256 as read. Idempotent: rows already live are skipped, so restoring twice adds nothing the second time. The
/// restored month stays live for <see cref="RestoredMonthsStayLive"/> before retention archives it again.
/// </summary>
[RequireRole(Role.ADMIN)]
[WithoutTransaction]
public sealed record RestoreArchiveCommand(Guid ArchiveId) : ICommand<Result<RestoredArchiveDto>>, IAuditTarget
{
    /// <summary>How long the archival job leaves a restored month live before archiving it again.</summary>
    public static readonly TimeSpan RestoredMonthsStayLive = TimeSpan.FromDays(30);

    public string AuditTargetType => ArchiveErrors.ArchiveTargetType;

    public string? AuditTargetId => ArchiveId.ToString();
}

/// <summary>What a restore did: the archive's rows, and how many of them were not live and were put back.</summary>
public sealed record RestoredArchiveDto(Guid ArchiveId, string Table, long Rows, long RowsRestored, DateTimeOffset RestoredAt);
