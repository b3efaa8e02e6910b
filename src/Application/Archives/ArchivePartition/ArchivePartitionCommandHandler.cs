using System.Globalization;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Archives.ArchivePartition;

/// <summary>Only PostgreSQL has an <see cref="IHistoryArchiver"/>: embedded SQLite has no partitions to archive.</summary>
internal sealed class ArchivePartitionCommandHandler(IHistoryPartitions partitions, AuditScope auditScope, IHistoryArchiver? archiver = null)
    : ICommandHandler<ArchivePartitionCommand, Result<ArchiveOutcome>>
{
    public async ValueTask<Result<ArchiveOutcome>> Handle(ArchivePartitionCommand command, CancellationToken cancellationToken)
    {
        if (!HistoryTables.All.Contains(command.Table))
        {
            return ArchiveErrors.UnknownTable(command.Table);
        }

        if (!partitions.Partitioned || archiver is null)
        {
            return ArchiveErrors.NotPartitioned;
        }

        var month = command.Month.ToUniversalTime();
        if (!(await partitions.MonthsAsync(command.Table, cancellationToken)).Contains(month))
        {
            // Rows of the month that had no partition when they were written (the default partition) get one first.
            if (!(await partitions.StrayMonthsAsync(command.Table, month.AddMonths(1), cancellationToken)).Contains(month)
                || !await partitions.CarveMonthAsync(command.Table, month, cancellationToken))
            {
                return ArchiveErrors.PartitionNotFound(command.Table, month);
            }
        }

        var outcome = await archiver.ArchiveAsync(command.Table, month, cancellationToken);
        if (outcome.RefusedBecause is { } reason)
        {
            return ArchiveErrors.MonthBusy(command.Table, month, reason);
        }

        auditScope.SetNote(string.Create(CultureInfo.InvariantCulture, $"archive {outcome.ArchiveId:N}: {outcome.Rows} rows, {outcome.MediaObjects} media"));
        return outcome;
    }
}
