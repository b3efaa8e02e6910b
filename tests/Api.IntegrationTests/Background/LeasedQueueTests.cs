using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Webhooks;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Campaigns;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Messaging;
using WhatsSuite.Infrastructure.Persistence;
using WhatsSuite.Infrastructure.Persistence.Query;
using WhatsSuite.Infrastructure.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Background;

/// <summary>
/// The lease mechanism every queue table shares (<see cref="LeasedQueue{TEntity}"/>, <see cref="QueueClaim{TEntity}"/>),
/// on real PostgreSQL (several workers at once, SKIP LOCKED) and on SQLite (embedded mode), with the webhook inbox's
/// queue definition as the example table.
/// </summary>
public sealed class LeasedQueueTests : IAsyncLifetime
{
    private static readonly LeasedQueue<WebhookInboxEntry> Queue = WebhookInboxProcessor.Queue;
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly string _sqliteDirectory = Path.Combine(Path.GetTempPath(), $"whatssuite-lease-{Guid.NewGuid():N}");
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = Postgres();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_sqliteDirectory))
        {
            Directory.Delete(_sqliteDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task ClaimAsync_DueRows_TakesTheOldestAndHidesThemUntilTheLeaseEnds()
    {
        await using var db = Postgres();
        await ClaimAsync_DueRows_TakesTheOldestAndHidesThemUntilTheLeaseEnds_On(db);
    }

    [Fact]
    public async Task ClaimAsync_DueRowsOnSqlite_TakesTheOldestAndHidesThemUntilTheLeaseEnds()
    {
        Directory.CreateDirectory(_sqliteDirectory);
        await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_sqliteDirectory, "lease.db")}").Options);
        await db.Database.MigrateAsync();
        await ClaimAsync_DueRows_TakesTheOldestAndHidesThemUntilTheLeaseEnds_On(db);
    }

    [Fact]
    public async Task ClaimAsync_FourWorkersAtOnce_TakeEveryRowExactlyOnce()
    {
        var ids = await SeedAsync(Enumerable.Range(0, 120).Select(i => T0.AddMilliseconds(i)).ToArray());

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 4).Select(async _ =>
        {
            var mine = new List<Guid>();
            await using var db = Postgres();
            await db.Database.OpenConnectionAsync();
            await start.Task;
            while (true)
            {
                var claimed = await Queue.ClaimAsync(db, T0.AddMinutes(1), T0.AddMinutes(10), 7, CancellationToken.None);
                if (claimed.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(claimed);
            }
        }).ToList();
        start.SetResult();
        var taken = await Task.WhenAll(workers);

        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(ids.Order(), all.Order());
    }

    [Fact]
    public async Task ClaimAsync_RowsLockedByAnotherInstance_AreSkippedWithoutWaiting()
    {
        var ids = await SeedAsync(T0, T0.AddSeconds(1), T0.AddSeconds(2));

        // Another instance is in the middle of claiming the oldest row: its transaction holds the row lock.
        await using var other = new NpgsqlConnection(_database.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT id FROM webhook_inbox WHERE id = @id FOR UPDATE", other, transaction))
        {
            lockRow.Parameters.AddWithValue("id", ids[0]);
            await lockRow.ExecuteScalarAsync();
        }

        await using var db = Postgres();
        using var noWaiting = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var claimed = await Queue.ClaimAsync(db, T0.AddMinutes(1), T0.AddMinutes(10), 10, noWaiting.Token);

        Assert.Equal(ids.Skip(1).Order(), claimed);
    }

    [Fact]
    public async Task ClaimCommand_BacklogAfterStaleStatistics_ReadsOnlyTheEntriesItTakesInIndexOrder()
    {
        // Statistics taken while the inbox held processed entries only, then a burst of deliveries: the situation of
        // every load peak, before autovacuum analyzes the table again.
        await SeedAsync(Enumerable.Range(0, 400).Select(i => T0.AddMilliseconds(i)).ToArray());
        await _database.ExecuteAsync("UPDATE webhook_inbox SET status = 'Processed'");
        await _database.ExecuteAsync("ANALYZE webhook_inbox");
        await SeedAsync(Enumerable.Range(0, 400).Select(i => T0.AddSeconds(1).AddMilliseconds(i)).ToArray());

        var nodes = await ClaimPlanAsync(Queue);

        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString()!.Contains("Sort", StringComparison.Ordinal));
        Assert.Contains(nodes, await ScanOfIndexAsync("ix_webhook_inbox_status_next_attempt_at_id"));
    }

    [Fact]
    public async Task ClaimCommand_Outbox_ReadsInIndexOrderWithoutSorting()
    {
        // A campaign batch queues up to 2,000 messages with one next_attempt_at. With an index on the lease alone the
        // claim's order holds only up to the key, and PostgreSQL read and sorted the whole tie group on every claim.
        var nodes = await ClaimPlanAsync(OutboxClaim.Queue);

        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString()!.Contains("Sort", StringComparison.Ordinal));
        Assert.Contains(nodes, await ScanOfIndexAsync("ix_messages_next_attempt_at_id"));
    }

    [Fact]
    public async Task EveryQueue_HasAnIndexEndingInItsLeaseThenKey()
    {
        await using var db = Postgres();

        // The claim takes due rows ORDER BY lease, key: only an index in that order lets it read just the rows it takes.
        AssertClaimOrderIndex(db, WebhookInboxProcessor.Queue);
        AssertClaimOrderIndex(db, OutboxClaim.Queue);
        AssertClaimOrderIndex(db, MediaDownloadJob.Queue);
        AssertClaimOrderIndex(db, CampaignRecipientClaims.Queue(Guid.NewGuid()));
    }

    [Fact]
    public async Task RenewAsync_RowsTakenByAnotherOrFinished_OnlyRenewsTheRowsStillHeld()
    {
        var ids = await SeedAsync(T0, T0, T0);
        await using var db = Postgres();
        var lease = LeasedQueue<WebhookInboxEntry>.LeaseValue(T0.AddSeconds(30));
        var claimed = await Queue.ClaimAsync(db, T0, lease, 10, CancellationToken.None);
        Assert.Equal(3, claimed.Count);

        // The first row's lease ran out and another worker took it; the second was processed.
        var othersLease = T0.AddMinutes(5);
        await _database.ExecuteAsync("UPDATE webhook_inbox SET next_attempt_at = @lease WHERE id = @id", ("lease", othersLease), ("id", ids[0]));
        await _database.ExecuteAsync("UPDATE webhook_inbox SET status = 'Processed' WHERE id = @id", ("id", ids[1]));

        var renewed = await Queue.RenewAsync(db, claimed, lease, T0.AddSeconds(60), CancellationToken.None);

        Assert.Equal(1, renewed);
        Assert.Equal(othersLease, await LeaseOfAsync(ids[0]));
        Assert.Equal(lease, await LeaseOfAsync(ids[1]));
        Assert.Equal(T0.AddSeconds(60), await LeaseOfAsync(ids[2]));
        Assert.False(await Queue.IsHeldAsync(db, ids[0], lease, CancellationToken.None));
        Assert.False(await Queue.IsHeldAsync(db, ids[1], lease, CancellationToken.None));
        Assert.True(await Queue.IsHeldAsync(db, ids[2], T0.AddSeconds(60), CancellationToken.None));
    }

    [Fact]
    public async Task CompileHeldRead_RowsTakenByAnotherOrFinished_ReadsOnlyTheRowStillHeldWithOneIdAndALiteralLimit()
    {
        var ids = await SeedAsync(T0, T0, T0);
        var lease = LeasedQueue<WebhookInboxEntry>.LeaseValue(T0.AddSeconds(30));
        await using (var db = Postgres())
        {
            Assert.Equal(3, (await Queue.ClaimAsync(db, T0, lease, 10, CancellationToken.None)).Count);
        }

        await _database.ExecuteAsync("UPDATE webhook_inbox SET next_attempt_at = @lease WHERE id = @id", ("lease", T0.AddMinutes(5)), ("id", ids[0]));
        await _database.ExecuteAsync("UPDATE webhook_inbox SET status = 'Processed' WHERE id = @id", ("id", ids[1]));
        var read = Queue.CompileHeldRead((db, held) => held.Select(e => e.Id).Take(2));
        var commands = new CommandRecorder();
        await using var recorded = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql(_database.ConnectionString).AddInterceptors(commands).Options);

        Assert.Empty(await read.RunAsync(recorded, ids[0], lease, CancellationToken.None));
        Assert.Empty(await read.RunAsync(recorded, ids[1], lease, CancellationToken.None));
        Assert.Equal([ids[2]], await read.RunAsync(recorded, ids[2], lease, CancellationToken.None));
        Assert.Empty(await read.RunAsync(recorded, ids[2], lease.AddSeconds(1), CancellationToken.None));

        // One statement, the id compared with one parameter (ADR 0063) and the limit a literal (ADR 0051).
        var sql = Assert.Single(commands.Texts.Distinct());
        Assert.Contains("w.id = @id", sql, StringComparison.Ordinal);
        Assert.EndsWith("LIMIT 2", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompileHeldRead_ContextsOfTwoModels_ReadsWithEach()
    {
        var ids = await SeedAsync(T0);
        var lease = LeasedQueue<WebhookInboxEntry>.LeaseValue(T0.AddSeconds(30));
        await using var first = Postgres();
        Assert.Single(await Queue.ClaimAsync(first, T0, lease, 10, CancellationToken.None));
        var read = Queue.CompileHeldRead((db, held) => held.Select(e => e.Id).Take(2));

        // Another extension, other EF Core services, another model: a compiled query refuses a model it was not compiled for.
        await using var second = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql(_database.ConnectionString).UseLiteralLimits().Options);
        Assert.NotSame(first.Model, second.Model);

        Assert.Equal(ids, await read.RunAsync(first, ids[0], lease, CancellationToken.None));
        Assert.Equal(ids, await read.RunAsync(second, ids[0], lease, CancellationToken.None));
    }

    [Fact]
    public async Task TakeAsync_WorkLastingSeveralLeases_HeartbeatKeepsTheRowsAndTheyReturnWhenItStops()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = await SeedAsync(now.AddSeconds(-1), now.AddSeconds(-1));
        await using var services = new ServiceCollection()
            .AddDbContext<PostgresAppDbContext>(o => o.UseNpgsql(_database.ConnectionString))
            .AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>())
            .BuildServiceProvider();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var lease = TimeSpan.FromSeconds(3);

        var claim = await QueueClaim<WebhookInboxEntry>.TakeAsync(Queue, scopes, TimeProvider.System, lease, 10, NullLogger.Instance, CancellationToken.None);
        Assert.NotNull(claim);
        claim.Finish(ids[1]);

        // Three lease lengths later the unfinished row is still this claim's: nobody else can take it.
        await Task.Delay(3 * lease);
        await using (var db = Postgres())
        {
            Assert.True(await claim.IsOursAsync(db, ids[0], CancellationToken.None));
            Assert.Equal(new[] { ids[1] }, await Queue.ClaimAsync(db, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(1), 10, CancellationToken.None));
        }

        // The worker stops (no release, as in a crash): the row is due again once its last lease ends.
        await claim.DisposeAsync();
        await Eventually.TrueAsync(
            async () =>
            {
                await using var db = Postgres();
                return (await Queue.ClaimAsync(db, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(1), 10, CancellationToken.None)).Contains(ids[0]);
            },
            "the row comes back after the lease",
            TimeSpan.FromSeconds(2 * lease.TotalSeconds));
    }

    private static async Task ClaimAsync_DueRows_TakesTheOldestAndHidesThemUntilTheLeaseEnds_On(AppDbContext db)
    {
        var entries = new[] { T0.AddSeconds(2), T0, T0.AddSeconds(1), T0.AddMinutes(5) }
            .Select(due => Entry(due)).ToList();
        db.WebhookInbox.AddRange(entries);
        await db.SaveChangesAsync();
        var lease = T0.AddSeconds(30);

        var first = await Queue.ClaimAsync(db, T0.AddSeconds(10), lease, 2, CancellationToken.None);
        var second = await Queue.ClaimAsync(db, T0.AddSeconds(10), lease, 2, CancellationToken.None);
        var afterLease = await Queue.ClaimAsync(db, lease, T0.AddSeconds(60), 10, CancellationToken.None);

        Assert.Equal(new[] { entries[1].Id, entries[2].Id }.Order(), first);
        Assert.Equal(new[] { entries[0].Id }, second);
        Assert.Equal(new[] { entries[0].Id, entries[1].Id, entries[2].Id }.Order(), afterLease);
        var ids = entries.Select(x => x.Id).ToArray();
        Assert.Equal(
            new[] { T0.AddSeconds(60), T0.AddSeconds(60), T0.AddSeconds(60), T0.AddMinutes(5) },
            (await db.WebhookInbox.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.ReceivedAt, e.NextAttemptAt }).ToListAsync())
                .OrderBy(e => e.ReceivedAt).Select(e => e.NextAttemptAt));
    }

    /// <summary>An app-level delivery (no connection to seed) that falls due at <paramref name="due"/>.</summary>
    private static WebhookInboxEntry Entry(DateTimeOffset due) => WebhookInboxEntry.ReceiveForApp("123456", "{}", due);

    private async Task<List<Guid>> SeedAsync(params DateTimeOffset[] due)
    {
        await using var db = Postgres();
        var entries = due.Select(Entry).ToList();
        db.WebhookInbox.AddRange(entries);
        await db.SaveChangesAsync();
        return entries.Select(e => e.Id).ToList();
    }

    private async Task<DateTimeOffset> LeaseOfAsync(Guid id)
    {
        await using var db = Postgres();
        return await db.WebhookInbox.AsNoTracking().Where(e => e.Id == id).Select(e => e.NextAttemptAt).SingleAsync();
    }

    private static void AssertClaimOrderIndex<TEntity>(AppDbContext db, LeasedQueue<TEntity> queue)
        where TEntity : class
    {
        var order = new[] { MemberName(queue.Lease.Body), MemberName(queue.Id.Body) };
        var indexes = db.Model.FindEntityType(typeof(TEntity))!.GetIndexes();
        Assert.True(
            indexes.Any(i => i.Properties.Count >= 2 && i.Properties.Skip(i.Properties.Count - 2).Select(p => p.Name).SequenceEqual(order)),
            $"{queue.Table} has no index whose columns end in ({string.Join(", ", order)}).");

        static string MemberName(System.Linq.Expressions.Expression body) =>
            ((System.Linq.Expressions.MemberExpression)(body is System.Linq.Expressions.UnaryExpression lifted ? lifted.Operand : body)).Member.Name;
    }

    /// <summary>The plan PostgreSQL chooses for <paramref name="queue"/>'s claim, under the claim's own planner settings, as its nodes.</summary>
    private async Task<List<JsonElement>> ClaimPlanAsync<TEntity>(LeasedQueue<TEntity> queue)
        where TEntity : class
    {
        await using var db = Postgres();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var settings = connection.CreateCommand())
        {
            settings.CommandText = LeasedQueue<TEntity>.ClaimPlannerSettings;
            await settings.ExecuteNonQueryAsync();
        }

        await using var command = queue.ClaimCommand(db, connection, T0.AddMinutes(1), T0.AddMinutes(10), 50);
#pragma warning disable CA2100 // The claim's own SQL, prefixed.
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
#pragma warning restore CA2100
        using var plan = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!);
        return Nodes(plan.RootElement[0].GetProperty("Plan")).Select(n => n.Clone()).ToList();
    }

    /// <summary>
    /// A plan node that scans <paramref name="index"/>, or the index of one of its table's partitions: the queue tables are
    /// partitioned by month (ADR 0033), and the claim reads the index of each month's partition.
    /// </summary>
    private async Task<Predicate<JsonElement>> ScanOfIndexAsync(string index)
    {
        var indexes = new HashSet<string>(StringComparer.Ordinal) { index };
        var partitionIndexes = await _database.ScalarAsync<string>(
            "SELECT string_agg(c.relname, ',') FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = @index::regclass", ("index", index));
        indexes.UnionWith((partitionIndexes ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries));
        return n => n.TryGetProperty("Index Name", out var name) && indexes.Contains(name.GetString()!)
            && n.GetProperty("Node Type").GetString()!.StartsWith("Index", StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return child;
            }
        }
    }

    private PostgresAppDbContext Postgres() =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(_database.ConnectionString).Options);

    /// <summary>The text of every query the context runs.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public ConcurrentQueue<string> Texts { get; } = new();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
