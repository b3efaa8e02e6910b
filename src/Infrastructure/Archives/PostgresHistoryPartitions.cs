using System.Globalization;
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

    /// <summary>
    /// The month partitions by name, attached or left detached by an archival run that was interrupted (which the next
    /// run finishes).
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> MonthsAsync(string table, CancellationToken cancellationToken)
    {
        var pattern = table + "_p";
        var names = await db.Database
            .SqlQuery<string>($"SELECT relname AS \"Value\" FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname LIKE {pattern} || '%'")
            .ToListAsync(cancellationToken);
        return names
            .Select(n => DateTimeOffset.TryParseExact(n[pattern.Length..], "yyyy_MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var month) ? month : (DateTimeOffset?)null)
            .OfType<DateTimeOffset>()
            .Select(m => m.ToUniversalTime())
            .Order()
            .ToList();
    }

    public async Task<IReadOnlyList<DateTimeOffset>> StrayMonthsAsync(string table, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var (name, key) = PartitionedTables.Tables.Single(t => t.Table == table);
#pragma warning disable EF1002 // The identifiers come from PartitionedTables, never from input; the value is a parameter.
        var months = await db.Database
            .SqlQueryRaw<DateTime>(
                $"SELECT DISTINCT date_trunc('month', {key} AT TIME ZONE 'UTC') AS \"Value\" FROM {name}_default WHERE {key} < @p0",
                new Npgsql.NpgsqlParameter("p0", before.ToUniversalTime()))
            .ToListAsync(cancellationToken);
#pragma warning restore EF1002
        return months.Select(m => new DateTimeOffset(DateTime.SpecifyKind(m, DateTimeKind.Utc))).Order().ToList();
    }

    public async Task<bool> CarveMonthAsync(string table, DateTimeOffset month, CancellationToken cancellationToken)
    {
        var (name, _) = PartitionedTables.Tables.Single(t => t.Table == table);
        var start = month.ToUniversalTime();
        return await db.Database
            .SqlQuery<int>($"SELECT whatssuite_ensure_month_partitions({name}, {start}, {start}) AS \"Value\"")
            .SingleAsync(cancellationToken) > 0;
    }
}
