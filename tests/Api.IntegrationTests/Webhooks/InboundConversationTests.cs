using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>What an inbound message does to its contact and conversation.</summary>
public sealed class InboundConversationTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private WhatsSuiteApp App => fixture.App;

    private static string NewNumber() => $"5511{Random.Shared.Next(10_000_000, 99_999_999)}";

    [Fact]
    public async Task Inbound_NewAndKnownSender_UpsertsOneContactAndRefreshesProfileName()
    {
        var connectionId = await App.SeedConnectionAsync();
        var from = NewNumber();
        using var client = App.CreateClient();

        await client.PostWebhookAsync(connectionId, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "first", from, "Ana"));
        await App.WaitForInboxDrainedAsync();
        await client.PostWebhookAsync(connectionId, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "second", from, "Ana Souza"));
        await App.WaitForInboxDrainedAsync();

        var contact = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.WaId == from));
        Assert.Equal("Ana Souza", contact.ProfileName);
        var conversation = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.ContactId == contact.Id));
        Assert.Equal("second", conversation.LastMessagePreview);
        Assert.NotNull(conversation.LastInboundAt);
        Assert.Equal(2, await App.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversation.Id)));
    }

    [Theory]
    [InlineData("STOP", true)]
    [InlineData("  baja ", true)]
    [InlineData("please stop", false)]
    public async Task Inbound_OptOutKeyword_OptsTheContactOut(string text, bool optedOut)
    {
        var connectionId = await App.SeedConnectionAsync();
        var from = NewNumber();
        using var client = App.CreateClient();

        await client.PostWebhookAsync(connectionId, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", text, from));
        await App.WaitForInboxDrainedAsync();

        var contact = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.WaId == from));
        Assert.Equal(optedOut, contact.OptedOut);
        Assert.Equal(optedOut, contact.OptedOutAt is not null);
    }

    [Fact]
    public async Task Inbound_ClosedConversation_IsReopenedUnassignedWithoutItsAssignee()
    {
        var connectionId = await App.SeedConnectionAsync();
        var from = NewNumber();
        using var client = App.CreateClient();
        await client.PostWebhookAsync(connectionId, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "hello", from));
        await App.WaitForInboxDrainedAsync();
        var adminId = await App.QueryAsync(db => db.Users.Select(u => u.Id).FirstAsync());
        await App.WithDbAsync(async (db, _) =>
        {
            var conversation = await db.Conversations.SingleAsync(c => c.ConnectionId == connectionId);
            conversation.AssignTo(adminId, DateTimeOffset.UtcNow);
            conversation.Close(DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        await client.PostWebhookAsync(connectionId, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "me again", from));
        await App.WaitForInboxDrainedAsync();

        var reopened = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.ConnectionId == connectionId));
        Assert.Equal((ConversationStatus.UNASSIGNED, null, null), (reopened.Status, reopened.AssigneeId, reopened.ClosedAt));
        Assert.Equal("me again", reopened.LastMessagePreview);
    }

    [Fact]
    public async Task Inbound_ConnectionWithOneQueue_PutsNewAndQueuelessConversationsInIt()
    {
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var created = await admin.PostAsJsonAsync("/api/v1/queues", new { name = $"Sales {Guid.NewGuid():N}" });
        var queueId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var withQueue = await App.SeedConnectionAsync(Domain.Connections.ConnectionProvider.CloudApi, queueId);
        var withoutQueue = await App.SeedConnectionAsync();
        var from = NewNumber();
        using var client = App.CreateClient();

        await client.PostWebhookAsync(withQueue, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "hi", from));
        await client.PostWebhookAsync(withoutQueue, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "hi", from));
        await App.WaitForInboxDrainedAsync();
        Assert.Equal(queueId, await App.QueryAsync(db => db.Conversations.Where(c => c.ConnectionId == withQueue).Select(c => c.QueueId).SingleAsync()));
        Assert.Null(await App.QueryAsync(db => db.Conversations.Where(c => c.ConnectionId == withoutQueue).Select(c => c.QueueId).SingleAsync()));

        await App.WithDbAsync(async (db, _) =>
        {
            (await db.Connections.Include(c => c.Queues).SingleAsync(c => c.Id == withoutQueue)).LinkQueue(queueId, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        await client.PostWebhookAsync(withoutQueue, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "still there?", from));
        await App.WaitForInboxDrainedAsync();

        Assert.Equal(queueId, await App.QueryAsync(db => db.Conversations.Where(c => c.ConnectionId == withoutQueue).Select(c => c.QueueId).SingleAsync()));
        Assert.Equal(1, await App.QueryAsync(db => db.Contacts.CountAsync(c => c.WaId == from)));
    }

    [Fact]
    public async Task Inbound_SameNewContactInParallelDeliveries_CreatesOneContactAndOneConversation()
    {
        var connectionId = await App.SeedConnectionAsync();
        var from = NewNumber();
        using var client = App.CreateClient();

        var posts = Enumerable.Range(0, 12).Select(i => client.PostWebhookAsync(connectionId, MetaPayloads.Text($"wamid.par{i}.{Guid.NewGuid():N}", $"message {i}", from)));
        Assert.All(await Task.WhenAll(posts), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await App.WaitForInboxDrainedAsync();

        Assert.Equal(1, await App.QueryAsync(db => db.Contacts.CountAsync(c => c.WaId == from)));
        var conversation = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.ConnectionId == connectionId));
        Assert.Equal(12, await App.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversation.Id)));
    }
}
