using Microsoft.EntityFrameworkCore;
using Npgsql;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Webhooks;
using WhatsSuite.Infrastructure.Persistence;
using WhatsSuite.Infrastructure.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>
/// The server-mode inbox writer stores concurrent deliveries together (group commit), and still answers each caller
/// only once that caller's own row is committed; a row that cannot be stored fails its caller alone.
/// </summary>
public sealed class InboxWriterTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using (var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(_database.ConnectionString).Options))
        {
            await db.Database.MigrateAsync();
        }

        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task WriteAsync_ManyConcurrentDeliveries_EachIsCommittedWhenItsCallReturns()
    {
        await using var writer = new PostgresInboxWriter(_dataSource);
        var entries = Enumerable.Range(0, 300)
            .Select(i => WebhookInboxEntry.ReceiveForApp("123456", $$"""{"n":{{i}},"text":"caf\u00e9 {{i}}"}""", DateTimeOffset.UtcNow))
            .ToList();

        var committedOnReturn = await Task.WhenAll(entries.Select(async entry =>
        {
            await writer.WriteAsync(entry, CancellationToken.None);
            return await _database.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.Id == entry.Id && e.Status == InboxStatus.Pending && e.Body == entry.Body));
        }));

        Assert.All(committedOnReturn, found => Assert.Equal(1, found));
        Assert.Equal(300, await _database.QueryAsync(db => db.WebhookInbox.CountAsync()));
    }

    [Fact]
    public async Task WriteAsync_OneRowOfABatchFails_OnlyItsCallerFailsAndTheOthersAreStored()
    {
        await using var writer = new PostgresInboxWriter(_dataSource);
        var existing = WebhookInboxEntry.ReceiveForApp("123456", "{}", DateTimeOffset.UtcNow);
        await writer.WriteAsync(existing, CancellationToken.None);

        // The same row again (its id is taken) among fresh deliveries written at the same moment.
        var fresh = Enumerable.Range(0, 50).Select(_ => WebhookInboxEntry.ReceiveForApp("123456", "{}", DateTimeOffset.UtcNow)).ToList();
        var writes = fresh.Prepend(existing).Select(entry => writer.WriteAsync(entry, CancellationToken.None)).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async write =>
        {
            try
            {
                await write;
                return true;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                return false;
            }
        }));

        Assert.False(outcomes[0]);
        Assert.All(outcomes.Skip(1), stored => Assert.True(stored));
        Assert.Equal(51, await _database.QueryAsync(db => db.WebhookInbox.CountAsync()));
    }
}
