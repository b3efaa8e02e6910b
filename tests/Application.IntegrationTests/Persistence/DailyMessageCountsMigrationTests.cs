using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Application.IntegrationTests.Persistence;

/// <summary>
/// Upgrading a database whose dashboards hold 15-minute totals fills the daily totals from them (ADR 0054), on both
/// providers: SQLite computes a bucket's UTC day from EF Core's binary form of the instant, PostgreSQL with
/// <c>date_trunc</c>. The rollup's version moves, so cached views are computed again.
/// </summary>
public sealed class DailyMessageCountsMigrationTests
{
    private const string Before = "ContactListOrder";

    [Fact]
    public async Task Upgrade_SqliteWithFifteenMinuteTotals_FillsTheirUtcDays()
    {
        var path = Path.Combine(Path.GetTempPath(), $"whatssuite-daily-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={path};Pooling=false").Options);
            await AssertUpgradeFillsDailyTotalsAsync(db);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Upgrade_PostgresWithFifteenMinuteTotals_FillsTheirUtcDays()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(database.ConnectionString).Options);
        await AssertUpgradeFillsDailyTotalsAsync(db);
    }

    private static async Task AssertUpgradeFillsDailyTotalsAsync(AppDbContext db)
    {
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before);
        var random = new Random(54);
        var keys = new[]
        {
            (Queue: Guid.NewGuid(), Connection: Guid.NewGuid(), Agent: Guid.Empty, Direction: MessageDirection.Inbound, Type: MessageTypes.Text),
            (Queue: Guid.Empty, Connection: Guid.NewGuid(), Agent: Guid.NewGuid(), Direction: MessageDirection.Outbound, Type: MessageTypes.Image),
        };
        var origin = new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero);
        var expected = new Dictionary<MessageCountKey, int>();
        foreach (var bucket in Enumerable.Range(0, 4 * 96).Where(i => i % 95 == 0 || random.Next(4) == 0).Select(i => origin + (i * DashboardBuckets.Size)))
        {
            foreach (var (queue, connection, agent, direction, type) in keys)
            {
                var count = random.Next(1, 9);
                db.MessageCountRollups.Add(MessageCountRollup.Create(new MessageCountKey(bucket, queue, connection, agent, direction, type), count));
                var day = new MessageCountKey(DashboardBuckets.FloorDay(bucket), queue, connection, agent, direction, type);
                expected[day] = expected.GetValueOrDefault(day) + count;
            }
        }

        await db.SaveChangesAsync();
        var versionBefore = await db.DashboardRollupStates.AsNoTracking().Select(s => s.Version).SingleAsync();

        await migrator.MigrateAsync();

        var daily = await db.DailyMessageCountRollups.AsNoTracking().ToListAsync();
        Assert.Equal(expected.OrderBy(e => e.Key.BucketStart).ThenBy(e => e.Key.QueueId), daily.ToDictionary(d => d.Key, d => d.Count).OrderBy(e => e.Key.BucketStart).ThenBy(e => e.Key.QueueId));
        Assert.All(daily, d => Assert.Equal(TimeSpan.Zero, d.BucketStart.TimeOfDay));
        Assert.Equal(versionBefore + 1, await db.DashboardRollupStates.AsNoTracking().Select(s => s.Version).SingleAsync());
    }
}
