using System.Net;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks;
using WhatsSuite.Api.IntegrationTests.Webhooks.Payloads;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// Head-of-line blocking (denial of service by one huge signed delivery): a large delivery is processed in chunks
/// of at most <c>WEBHOOK_MAX_ITEMS_PER_TRANSACTION</c> items, and deliveries that arrive behind it, on its number
/// or another, are stored before it is finished. Ordering is observed through the rows (each transaction stamps
/// its messages with one processing time), never through wall-clock thresholds. On PostgreSQL.
/// </summary>
public sealed class WebhookFairnessTests : IAsyncLifetime
{
    private const int Cap = 100;
    private const int LargeMessages = 1_500;
    private TestDatabase _database = null!;
    private WhatsSuiteApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}");
        settings["WEBHOOK_MAX_ITEMS_PER_TRANSACTION"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _app = new WhatsSuiteApp(settings);
        using var client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Post_SmallDeliveriesAfterALargeOne_AreStoredBeforeTheLargeOneIsFinished()
    {
        var busy = await _app.SeedConnectionAsync();
        var quiet = await _app.SeedConnectionAsync();
        var senders = Enumerable.Range(0, 20).Select(_ => MetaShapes.NewPhone()).ToList();
        var large = Enumerable.Range(0, LargeMessages).Select(i => $"wamid.large{i}.{Guid.NewGuid():N}").ToList();
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var body = MetaShapes.Delivery(MetaShapes.MessagesChange(
            senders.Select(s => MetaShapes.Contact(s, null, null)),
            large.Select((wamid, i) => MetaShapes.Text(wamid, senders[i % senders.Count], null, $"bulk {i}", at))));
        var (sameNumber, otherNumber) = ($"wamid.small-same.{Guid.NewGuid():N}", $"wamid.small-other.{Guid.NewGuid():N}");
        using var client = _app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(busy, body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(busy, MetaPayloads.Text(sameNumber, "is anyone there?", MetaShapes.NewPhone()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(quiet, MetaPayloads.Text(otherNumber, "hello", MetaShapes.NewPhone()))).StatusCode);
        await _app.WaitForInboxDrainedAsync();

        var largeStored = await _app.QueryAsync(db => db.Messages.AsNoTracking().Where(m => large.Contains(m.Wamid!)).Select(m => m.CreatedAt).ToListAsync());
        Assert.Equal(LargeMessages, largeStored.Count);

        // Each transaction stamps its messages with its own processing time: none took more than the cap.
        var perTransaction = largeStored.GroupBy(c => c).Select(g => g.Count()).ToList();
        Assert.True(perTransaction.Max() <= Cap, $"a transaction stored {perTransaction.Max()} messages of the large delivery; the cap is {Cap}");
        Assert.True(perTransaction.Count >= LargeMessages / Cap);

        // The small deliveries posted after the large one were stored before its last chunk.
        var finished = largeStored.Max();
        var small = await _app.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.Wamid == sameNumber || m.Wamid == otherNumber).ToListAsync());
        Assert.Equal(2, small.Count);
        Assert.All(small, m => Assert.True(m.CreatedAt < finished, $"{m.Wamid} was stored after the large delivery was finished"));

        var entry = await _app.QueryAsync(db => db.WebhookInbox.AsNoTracking().Where(e => e.ConnectionId == busy).OrderBy(e => e.ReceivedAt).FirstAsync());
        Assert.Equal((InboxStatus.Processed, (int?)LargeMessages, LargeMessages, 0), (entry.Status, entry.ItemCount, entry.Progress, entry.SplitItems));
    }
}
