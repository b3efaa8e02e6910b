using System.Globalization;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Archives.ArchivePartition;

/// <summary>
/// PostgreSQL archives a month partition (ADR 0033); embedded SQLite, which has no partitions, moves the month's rows in
/// batches (ADR 0044).
/// </summary>
internal sealed class ArchivePartitionCommandHandler(IHistoryPartitions partitions, AuditScope auditScope, IHistoryArchiver? archiver = null)
    : ICommandHandler<ArchivePartitionCommand, Result<ArchiveOutcome>>
{
    public async ValueTask<Result<ArchiveOutcome>> Handle(ArchivePartitionCommand command, CancellationToken cancellationToken)
    {
        if (!HistoryTables.All.Contains(command.Table))
        {
            return ArchiveErrors.UnknownTable(command.Table);
        }

        if (archiver is null)
        {
            return ArchiveErrors.NotPartitioned;
        }

        var month = command.Month.ToUniversalTime();
        if (partitions.Partitioned && !(await partitions.MonthsAsync(command.Table, cancellationToken)).Contains(month))
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

        if (outcome.ArchiveId is null)
        {
            // Embedded SQLite: the month holds no row (any more).
            return ArchiveErrors.MonthEmpty(command.Table, month);
        }

        auditScope.SetNote(string.Create(CultureInfo.InvariantCulture, $"archive {outcome.ArchiveId:N}: {outcome.Rows} rows, {outcome.MediaObjects} media"));
        return outcome;
    }
}
