using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks.Payloads;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Webhooks;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>
/// An item the database refuses (a trigger refuses any message whose text holds <see cref="Poison"/>) costs
/// only that item: the batch and the delivery fall back to item by item, the refused item is split off into an
/// entry of its own that keeps the error and is retried with backoff, and every other item is stored. On PostgreSQL.
/// </summary>
public sealed class WebhookItemStoreFailureTests : IAsyncLifetime
{
    private const string Poison = "refused-by-the-database";
    private TestDatabase _database = null!;
    private WhatsSuiteApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}"));
        using var client = _app.CreateClient();
        // In the database, so that it refuses the row however it is written (an INSERT of EF Core or the save's COPY).
        await _app.QueryAsync(db => db.Database.ExecuteSqlRawAsync($$"""
            CREATE FUNCTION refuse_poisoned_message() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                IF NEW.text LIKE '%{{Poison}}%' THEN
                    RAISE EXCEPTION 'The database refused a row ({{Poison}}).';
                END IF;
                RETURN NEW;
            END
            $body$;
            CREATE TRIGGER refuse_poisoned_message BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_message();
            """));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Post_OneItemTheDatabaseRefuses_IsSplitOffWithItsErrorWhileTheOthersAreStored()
    {
        var connectionId = await _app.SeedConnectionAsync();
        var other = await _app.SeedConnectionAsync();
        var phone = MetaShapes.NewPhone();
        var wamids = Enumerable.Range(0, 4).Select(i => $"wamid.db{i}.{Guid.NewGuid():N}").ToArray();
        var body = MetaShapes.Delivery(MetaShapes.MessagesChange(
            [MetaShapes.Contact(phone, null)],
            [
                MetaShapes.Text(wamids[0], phone, null, "one"),
                MetaShapes.Text(wamids[1], phone, null, "two"),
                MetaShapes.Text(wamids[2], phone, null, $"three {Poison}"),
                MetaShapes.Text(wamids[3], phone, null, "four"),
            ]));
        var bystander = $"wamid.bystander.{Guid.NewGuid():N}";
        using var client = _app.CreateClient();

        // Posted together, so that the refused item first brings down a batch holding another delivery too.
        var posts = await Task.WhenAll(
            client.PostWebhookAsync(connectionId, body),
            client.PostWebhookAsync(other, MetaPayloads.Text(bystander, "unrelated", MetaShapes.NewPhone())));
        Assert.All(posts, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        await _app.WaitForInboxDrainedAsync(includeRetries: false);

        var stored = await _app.QueryAsync(db => db.Messages.AsNoTracking().Select(m => m.Wamid!).ToListAsync());
        Assert.Equal(new[] { wamids[0], wamids[1], wamids[3], bystander }.Order(), stored.Order());
        var parent = await _app.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ConnectionId == connectionId && e.ParentId == null));
        Assert.Equal((InboxStatus.Processed, (int?)4, 4, 1), (parent.Status, parent.ItemCount, parent.Progress, parent.SplitItems));
        var child = await _app.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ParentId == parent.Id));
        Assert.Equal((Guid?)connectionId, child.ConnectionId);
        Assert.NotEqual(InboxStatus.Processed, child.Status);
        Assert.True(child.Attempts >= 1, "the split-off item keeps its failed attempt and is retried with backoff");
        Assert.Contains(Poison, child.LastError, StringComparison.Ordinal);
        Assert.Contains(wamids[2], child.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(wamids[0], child.Body, StringComparison.Ordinal);
    }
}
