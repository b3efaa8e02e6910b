using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Archives.ArchivePartition;

/// <summary>
/// Moves one month of a history table past retention into an archive file and drops its partition (ADR 0033). Sent by
/// the archival job as the system actor, one command (one audit row) per month and table. It manages its own short
/// transactions (detach, then record and drop), so no lock is held while the file is written.
/// </summary>
[SystemOnly]
[WithoutTransaction]
public sealed record ArchivePartitionCommand(string Table, DateTimeOffset Month) : ICommand<Result<ArchiveOutcome>>, IAuditTarget
{
    public string AuditTargetType => ArchiveErrors.PartitionTargetType;

    public string? AuditTargetId => $"{Table}_p{Month.UtcDateTime:yyyy_MM}";
}
