using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Archives;

/// <summary>
/// Embedded SQLite keeps the history tables unpartitioned (ADR 0033, 0044): there is no partition to create; the months
/// to archive are those holding rows (every row is "in no partition"), and the months whose move into an archive a run
/// left unfinished (<see cref="SqliteHistoryArchiver.MovingMonths"/>).
/// </summary>
#pragma warning disable CA2100 // Table and column names come from PartitionedTables, never from input.
internal sealed class SqliteHistoryMonths(AppDbContext db, WhatsSuiteSettings settings) : IHistoryPartitions
{
    public bool Partitioned => false;

    public Task<int> EnsureMonthsAsync(DateTimeOffset first, DateTimeOffset last, CancellationToken cancellationToken) => Task.FromResult(0);

    /// <summary>The months of <paramref name="table"/> whose move into an archive has started and not finished.</summary>
    public Task<IReadOnlyList<DateTimeOffset>> MonthsAsync(string table, CancellationToken cancellationToken) =>
        Task.FromResult(SqliteHistoryArchiver.MovingMonths(settings.ArchiveDirectory, table));

    /// <summary>The months before <paramref name="before"/> holding rows, found one at a time from the oldest row.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> StrayMonthsAsync(string table, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var key = SqliteHistoryArchiver.KeyOf(table);
        var codec = SqliteRowCodec.For(db, table);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var months = new List<DateTimeOffset>();
        var from = DateTimeOffset.MinValue.ToUniversalTime();
        while (true)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT min(\"{key}\") FROM \"{table}\" WHERE \"{key}\" >= @from AND \"{key}\" < @before";
            command.Parameters.AddWithValue("@from", months.Count == 0 ? (object)long.MinValue : codec.Stored(key, from));
            command.Parameters.AddWithValue("@before", codec.Stored(key, before.ToUniversalTime()));
            if (await command.ExecuteScalarAsync(cancellationToken) is not { } oldest || oldest is DBNull)
            {
                return months;
            }

            var instant = codec.Instant(key, oldest).ToUniversalTime();
            var month = new DateTimeOffset(instant.Year, instant.Month, 1, 0, 0, 0, TimeSpan.Zero);
            months.Add(month);
            from = month.AddMonths(1);
        }
    }

    public Task<bool> CarveMonthAsync(string table, DateTimeOffset month, CancellationToken cancellationToken) => Task.FromResult(false);
}
#pragma warning restore CA2100
