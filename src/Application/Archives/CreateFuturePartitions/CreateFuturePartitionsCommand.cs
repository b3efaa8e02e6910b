using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Archives.CreateFuturePartitions;

/// <summary>
/// Creates the month partitions of the history tables from the current month to <see cref="MonthsAhead"/> months
/// ahead that do not exist yet (ADR 0033), and answers how many it created. Sent by a recurring background job as the
/// system actor; in embedded mode the tables are not partitioned and nothing is created.
/// </summary>
[SystemOnly]
public sealed record CreateFuturePartitionsCommand : ICommand<Result<int>>
{
    /// <summary>Months created ahead of the current one: a quarter of runs may fail before inserts would reach the default partition.</summary>
    public const int MonthsAhead = 3;
}
