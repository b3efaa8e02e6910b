using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Archives;

/// <summary>The month partitions of PostgreSQL's history tables, through <c>whatssuite_ensure_month_partitions</c> (<see cref="PartitionedTables"/>).</summary>
internal sealed class PostgresHistoryPartitions(AppDbContext db) : IHistoryPartitions
{
    public bool Partitioned => true;

    public async Task<int> EnsureMonthsAsync(DateTimeOffset first, DateTimeOffset last, CancellationToken cancellationToken)
    {
        var created = 0;
        foreach (var (table, _) in PartitionedTables.Tables)
        {
            created += await db.Database
                .SqlQuery<int>($"SELECT whatssuite_ensure_month_partitions({table}, {first.ToUniversalTime()}, {last.ToUniversalTime()}) AS \"Value\"")
                .SingleAsync(cancellationToken);
        }

        return created;
    }
}

/// <summary>Embedded SQLite keeps the history tables unpartitioned (ADR 0033): there is no partition to create.</summary>
internal sealed class UnpartitionedHistory : IHistoryPartitions
{
    public bool Partitioned => false;

    public Task<int> EnsureMonthsAsync(DateTimeOffset first, DateTimeOffset last, CancellationToken cancellationToken) => Task.FromResult(0);
}
