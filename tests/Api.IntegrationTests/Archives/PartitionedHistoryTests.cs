using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WhatsSuite.Api.IntegrationTests.OpenApi;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Archives;

/// <summary>
/// The monthly partitioning of the history tables (ADR 0033): the migration on a populated database, and the recurring
/// job that creates the next months.
/// </summary>
public sealed class PartitionedHistoryTests
{
    private const string Migration = "PartitionedHistory";

    [Fact]
    public async Task PartitionedHistoryMigration_PopulatedDatabase_KeepsEveryRowAndTheAuditChain()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var first = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(database, $"test-{Guid.NewGuid():N}")))
        {
            using var client = first.CreateClient();
            await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        }

        await using (var context = Context(database))
        {
            var migrations = context.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
            await context.GetService<IMigrator>().MigrateAsync(before);
        }

        Assert.Equal("r", await database.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE relname = 'messages'"));
        await PopulateAsync(database);
        var fingerprints = await FingerprintsAsync(database);
        var sample = await SampleAsync(database);
        Assert.True(await database.ScalarAsync<long>("SELECT count(DISTINCT date_trunc('month', sent_at AT TIME ZONE 'UTC')) FROM messages") >= 4);

        // Up to the conversion only: later migrations may add columns to these tables, which would change the rows.
        await using (var context = Context(database))
        {
            var migrations = context.Database.GetMigrations().ToList();
            await context.GetService<IMigrator>().MigrateAsync(migrations.Single(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)));
        }

        foreach (var (table, _) in PartitionedTables.Tables)
        {
            Assert.Equal("p", await database.ScalarAsync<string>($"SELECT relkind::text FROM pg_class WHERE relname = '{table}'"));
            Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM {table}_default"));
        }

        Assert.Equal(fingerprints, await FingerprintsAsync(database));
        var months = await database.ScalarAsync<long>("SELECT count(DISTINCT date_trunc('month', sent_at AT TIME ZONE 'UTC')) FROM messages");
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'messages'::regclass") >= months + PartitionedTables.MonthsAhead);
        Assert.Equal(months, await database.ScalarAsync<long>("SELECT count(DISTINCT tableoid) FROM messages"));
        await using (var context = Context(database))
        {
            await context.Database.MigrateAsync();
        }

        var read = await database.QueryAsync(db => db.Messages.Where(m => sample.Keys.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => (m.Text, m.SentAt)));
        Assert.Equal(sample, read);

        // The application runs on the partitioned tables (after every later migration): it signs in (writing audit rows)
        // and verifies the whole chain.
        await using var second = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(database, $"test-{Guid.NewGuid():N}"));
        using var admin = second.CreateClient().WithBearer((await second.CreateClient().LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);
        var response = await admin.GetAsync("/api/v1/audit-logs/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdict = await response.ReadJsonAsync();
        Assert.True(verdict.GetProperty("intact").GetBoolean());
        Assert.Equal(await database.QueryAsync(db => db.AuditLogs.LongCountAsync()), verdict.GetProperty("rowsChecked").GetInt64());
        Assert.True(verdict.GetProperty("rowsChecked").GetInt64() > 400);
    }

    [Fact]
    public async Task PartitionedHistoryMigration_DownThenUp_KeepsEveryRow()
    {
        await using var database = await TestDatabase.CreateAsync();
        await PopulateAuditAsync(database, 50);
        var fingerprints = await FingerprintsAsync(database);

        await using (var context = Context(database))
        {
            var migrations = context.Database.GetMigrations().ToList();
            await context.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1]);
            Assert.Equal("r", await database.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE relname = 'audit_logs'"));
            Assert.Equal(fingerprints, await FingerprintsAsync(database));
            await context.Database.MigrateAsync();
        }

        Assert.Equal("p", await database.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE relname = 'audit_logs'"));
        Assert.Equal(fingerprints, await FingerprintsAsync(database));
        var error = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("DELETE FROM audit_logs"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        var partition = await database.ScalarAsync<string>("SELECT tableoid::regclass::text FROM audit_logs ORDER BY sequence LIMIT 1");
        error = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync($"TRUNCATE {partition}"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task CreateFuturePartitionsJob_MissingMonth_CreatesItAsTheSystemMovesItsEarlyRowsAndIsIdempotent()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(database, $"test-{Guid.NewGuid():N}"));

        // First the months the job keeps: the migration created those ahead of the day it ran, and a database migrated
        // last month (a template kept from an earlier run) lacks the newest.
        await RunJobAsync(app);
        var month = new DateTimeOffset(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(PartitionedTables.MonthsAhead);
        var name = $"webhook_inbox_p{month:yyyy_MM}";
        await database.ExecuteAsync($"DROP TABLE {name}");
        var early = Guid.CreateVersion7();
        await database.ExecuteAsync(
            "INSERT INTO webhook_inbox (id, body, status, attempts, progress, split_items, received_at, next_attempt_at) VALUES (@id, '{}', 'Processed', 1, 0, 0, @at, @at)",
            ("id", early),
            ("at", month.AddDays(2)));
        Assert.Equal("webhook_inbox_default", await database.ScalarAsync<string>("SELECT tableoid::regclass::text FROM webhook_inbox WHERE id = @id", ("id", early)));

        await RunJobAsync(app);
        await RunJobAsync(app);

        Assert.Equal(name, await database.ScalarAsync<string>("SELECT tableoid::regclass::text FROM webhook_inbox WHERE id = @id", ("id", early)));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM webhook_inbox_default"));
        var runs = await database.QueryAsync(db => db.AuditLogs
            .Where(a => a.Action == "CreateFuturePartitions").OrderBy(a => a.Sequence)
            .Select(a => new { a.ActorKind, a.ActorId, a.Outcome, a.Reason }).ToListAsync());
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal((ActorKind.System, "job:create-partitions", AuditOutcome.Success), (r.ActorKind, r.ActorId, r.Outcome)));
        Assert.Equal(["created 1", "created 0"], runs.Skip(1).Select(r => r.Reason));
    }

    private static async Task RunJobAsync(WhatsSuiteApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CreateFuturePartitionsJob>().RunAsync(CancellationToken.None);
    }

    private static PostgresAppDbContext Context(TestDatabase database) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(database.ConnectionString + ";Command Timeout=600").Options);

    /// <summary>The desk data set over 100 days, status reports of its outbound messages, inbox deliveries and audit rows over four months.</summary>
    private static async Task PopulateAsync(TestDatabase database)
    {
        var generator = await File.ReadAllTextAsync(RepositoryFiles.Path("bench", "scale", "generate.sql"));
        await database.ExecuteAsync(
            $"SET bench.admin_email = '{WhatsSuiteApp.AdminEmail}'; SET bench.queues = '4'; SET bench.supervisors = '2'; SET bench.agents = '8'; SET bench.connections = '2'; "
            + "SET bench.contacts = '300'; SET bench.conversations = '500'; SET bench.messages = '5000'; SET bench.busy_messages = '50'; SET bench.days = '100';\n" + generator);
        await database.ExecuteAsync(
            """
            INSERT INTO message_status_events (id, connection_id, wamid, status, occurred_at, created_at)
            SELECT md5('status:' || id)::uuid, connection_id, wamid, 'Delivered', sent_at + interval '1 minute', sent_at + interval '1 minute'
            FROM messages WHERE direction = 'Outbound';
            INSERT INTO webhook_inbox (id, connection_id, body, status, attempts, progress, split_items, received_at, next_attempt_at, processed_at)
            SELECT md5('inbox:' || i)::uuid, NULL, '{"object":"whatsapp_business_account","n":' || i || '}', 'Processed', 1, 0, 0,
                   now() - make_interval(hours => i * 2), now() - make_interval(hours => i * 2), now() - make_interval(hours => i * 2)
            FROM generate_series(1, 1200) i;
            """);
        await PopulateAuditAsync(database, 500);
    }

    /// <summary>Appends <paramref name="count"/> correctly chained audit rows spread over the last 120 days.</summary>
    private static async Task PopulateAuditAsync(TestDatabase database, int count)
    {
        await using var context = Context(database);
        var last = await context.AuditLogs.OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync();
        var (sequence, hash) = (last?.Sequence ?? 0, last?.Hash ?? AuditChain.GenesisHash);
        var start = DateTimeOffset.UtcNow.AddDays(-120);
        for (var i = 0; i < count; i++)
        {
            var row = AuditLog.Record(start.AddHours(i * 120.0 / count * 24), ActorKind.System, "job:test", "TestAction", "thing", i.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditOutcome.Success, null, null, null, null);
            row.LinkAfter(++sequence, hash);
            hash = row.Hash;
            context.AuditLogs.Add(row);
        }

        await context.SaveChangesAsync();
    }

    /// <summary>Per table: the row count and an MD5 over every row's full text in key order.</summary>
    private static async Task<List<string>> FingerprintsAsync(TestDatabase database)
    {
        var fingerprints = new List<string>();
        foreach (var (table, _) in PartitionedTables.Tables)
        {
            fingerprints.Add(table + ":" + await database.ScalarAsync<string>($"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t.id)), '') FROM {table} t"));
        }

        return fingerprints;
    }

    private static async Task<Dictionary<Guid, (string?, DateTimeOffset)>> SampleAsync(TestDatabase database)
    {
        var sample = new Dictionary<Guid, (string?, DateTimeOffset)>();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, text, sent_at FROM messages ORDER BY md5(id::text) LIMIT 25", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sample[reader.GetGuid(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
        }

        return sample;
    }
}
