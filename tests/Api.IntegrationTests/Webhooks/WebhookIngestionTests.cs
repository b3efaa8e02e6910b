using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>
/// Meta-shaped deliveries posted signed through the public endpoint, replayed and shuffled, on PostgreSQL:
/// each message is stored once, statuses never move a message backwards, unknown types are kept raw.
/// </summary>
public sealed class WebhookIngestionTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private WhatsSuiteApp App => fixture.App;

    [Fact]
    public async Task Post_EveryMessageTypeReplayedAndShuffled_StoresEachMessageOnce()
    {
        var connectionId = await App.SeedConnectionAsync();
        var from = $"1650{Random.Shared.Next(1_000_000, 9_999_999)}";
        var deliveries = MetaPayloads.Messages.ToDictionary(p => p.Key, p => (Wamid: $"wamid.{p.Key}.{Guid.NewGuid():N}", Body: string.Empty));
        foreach (var key in deliveries.Keys.ToList())
        {
            deliveries[key] = (deliveries[key].Wamid, MetaPayloads.MessageDelivery(MetaPayloads.Messages[key], deliveries[key].Wamid, from));
        }

        var posts = deliveries.Values.Select(d => d.Body).Concat(deliveries.Values.Select(d => d.Body)).OrderBy(_ => Random.Shared.Next()).ToList();
        using var client = App.CreateClient();
        foreach (var body in posts)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, body)).StatusCode);
        }

        await App.WaitForInboxDrainedAsync();
        var stored = await App.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ConnectionId == connectionId).ToListAsync());
        Assert.Equal(deliveries.Count, stored.Count);
        Assert.Equal(deliveries.Count, stored.Select(m => m.Wamid).Distinct().Count());
        Assert.All(stored, m => Assert.Equal(MessageDirection.Inbound, m.Direction));
        Assert.Equal(posts.Count, await App.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.ConnectionId == connectionId && e.Status == InboxStatus.Processed)));

        Message Of(string key) => stored.Single(m => m.Wamid == deliveries[key].Wamid);
        Assert.Equal(("text", "Hello, I need help with my order"), (Of("text").Type, Of("text").Text));
        Assert.Equal("""{"body":"Hello, I need help with my order"}""", Of("text").Content);
        Assert.Equal("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3QUZCQzE3RjVBRTQxQ0Y5MDAA", Of("text_reply").ReplyToWamid);
        Assert.Equal(("image", "Broken screen", "1003383421387256", "image/jpeg"), (Of("image").Type, Of("image").Text, Of("image").MediaId, Of("image").MediaMimeType));
        Assert.Equal("2hCEqYV6PdLn+rYIs0HsjOX1nqVgsWZqEfLhC6wV+Ic=", Of("image").MediaSha256);
        Assert.Equal(("audio", "1168437234487281", null), (Of("audio").Type, Of("audio").MediaId, Of("audio").Text));
        Assert.Equal(("video", "Unboxing"), (Of("video").Type, Of("video").Text));
        Assert.Equal(("document", "My invoice", "invoice-2041.pdf"), (Of("document").Type, Of("document").Text, Of("document").MediaFileName));
        Assert.Equal(("sticker", "image/webp"), (Of("sticker").Type, Of("sticker").MediaMimeType));
        Assert.Equal("Location: Main Street Beach, 1 Hacker Way, Menlo Park, CA 94025, (37.483307, -122.148981)", Of("location").Text);
        Assert.Equal(("contacts", "Shared 2 contacts: Ana Souza, Bruno Lima"), (Of("contacts").Type, Of("contacts").Text));
        Assert.StartsWith("[{\"name\"", Of("contacts").Content, StringComparison.Ordinal);
        Assert.Equal(("interactive", "Yes, confirm"), (Of("button_reply").Type, Of("button_reply").Text));
        Assert.Equal("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCQjA4QUE5RjE4NDZGQzJFRTQA", Of("button_reply").ReplyToWamid);
        Assert.Equal("Tuesday 3 pm", Of("list_reply").Text);
        Assert.Equal("Form reply: rating: 5", Of("nfm_reply").Text);
        Assert.Equal(("button", "Stop promotions"), (Of("button").Type, Of("button").Text));
        Assert.Equal(("reaction", "\U0001F44D", "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUM4RTQ4NTAyMjFGMzBDNjk2RgA="), (Of("reaction").Type, Of("reaction").Text, Of("reaction").ReplyToWamid));
        Assert.Equal((MessageTypes.Order, "Order of 1 item: 2 × sku-42 at 19.9 USD (total 39.8 USD). Note: Please deliver by Friday"), (Of("order").Type, Of("order").Text));
        Assert.StartsWith("{\"catalog_id\":\"791352306152381\"", Of("order").Content, StringComparison.Ordinal);
        Assert.Equal((MessageTypes.Unsupported, "Unsupported message (131051: Message type unknown: Message type is currently not supported.)"), (Of("unsupported").Type, Of("unsupported").Text));
        Assert.Contains(deliveries["unsupported"].Wamid, Of("unsupported").Content, StringComparison.Ordinal);

        var contact = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.WaId == from));
        Assert.Equal("Sheena Nelson", contact.ProfileName);
        var conversation = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.ConnectionId == connectionId));
        Assert.Equal((contact.Id, ConversationStatus.UNASSIGNED), (conversation.ContactId, conversation.Status));
        Assert.All(stored, m => Assert.Equal(conversation.Id, m.ConversationId));
    }

    [Fact]
    public async Task Post_StatusesShuffledAndReplayed_NeverMoveAMessageBackwards()
    {
        var connectionId = await App.SeedConnectionAsync();
        var read = $"wamid.out-read.{Guid.NewGuid():N}";
        var failedThenDelivered = $"wamid.out-failed.{Guid.NewGuid():N}";
        var failedOnly = $"wamid.out-failed-only.{Guid.NewGuid():N}";
        var notYetKnown = $"wamid.out-unknown.{Guid.NewGuid():N}";
        await SeedOutboundAsync(connectionId, read, failedThenDelivered, failedOnly);
        var at = DateTimeOffset.UtcNow;
        var statuses = new[]
        {
            MetaPayloads.StatusDelivery(read, "read", at.AddSeconds(3)),
            MetaPayloads.StatusDelivery(read, "delivered", at.AddSeconds(2)),
            MetaPayloads.StatusDelivery(read, "sent", at.AddSeconds(1)),
            MetaPayloads.StatusDelivery(failedThenDelivered, "failed", at.AddSeconds(1)),
            MetaPayloads.StatusDelivery(failedThenDelivered, "delivered", at.AddSeconds(2)),
            MetaPayloads.StatusDelivery(failedOnly, "failed", at.AddSeconds(1)),
            MetaPayloads.StatusDelivery(notYetKnown, "delivered", at),
            MetaPayloads.SystemErrorDelivery(),
            MetaPayloads.TemplateStatusDelivery,
        };

        using var client = App.CreateClient();
        foreach (var body in statuses.Concat(statuses.Reverse()))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, body)).StatusCode);
        }

        await App.WaitForInboxDrainedAsync();
        var messages = await App.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ConnectionId == connectionId).ToDictionaryAsync(m => m.Wamid!));
        Assert.Equal(MessageStatus.Read, messages[read].Status);
        Assert.Equal(MessageStatus.Delivered, messages[failedThenDelivered].Status);
        Assert.Equal((MessageStatus.Failed, "131047", "Re-engagement message"), (messages[failedOnly].Status, messages[failedOnly].ErrorCode, messages[failedOnly].ErrorTitle));
        var events = await App.QueryAsync(db => db.MessageStatusEvents.AsNoTracking().Where(e => e.ConnectionId == connectionId).ToListAsync());
        Assert.Equal(7, events.Count);
        Assert.Equal(MessageStatus.Delivered, Assert.Single(events, e => e.Wamid == notYetKnown).Status);
        Assert.Equal("131047", Assert.Single(events, e => e.Wamid == failedOnly).ErrorCode);
        Assert.Equal(0, await App.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.ConnectionId == connectionId && e.Status != InboxStatus.Processed)));
    }

    [Fact]
    public async Task Post_SignatureMissingMalformedWrongOrBodyAltered_Answers401AndStoresNothing()
    {
        var connectionId = await App.SeedConnectionAsync();
        var body = MetaPayloads.Text($"wamid.sig.{Guid.NewGuid():N}", "hi");
        var bytes = Encoding.UTF8.GetBytes(body);
        var altered = (byte[])bytes.Clone();
        altered[^5] ^= 0x01;
        var right = ConnectionSeeder.Sign(body);
        using var client = App.CreateClient();

        foreach (var (payload, signature) in new (byte[], string?)[]
        {
            (bytes, null),
            (bytes, "sha256="),
            (bytes, right[7..]),
            (bytes, "sha1=" + right[7..]),
            (bytes, "sha256=" + new string('z', 64)),
            (bytes, ConnectionSeeder.Sign(body, "another-app-secret")),
            (altered, right),
        })
        {
            var response = await client.PostWebhookAsync(connectionId, payload, signature);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "webhooks.invalid_signature");
        }

        Assert.Equal(0, await App.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.ConnectionId == connectionId)));
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, bytes, right.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(1, await App.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.ConnectionId == connectionId)));
    }

    [Fact]
    public async Task Post_UnknownOrDeletedConnection_Answers404AndStoresNothing()
    {
        var deleted = await App.SeedConnectionAsync();
        await App.WithDbAsync(async (db, _) =>
        {
            (await db.Connections.SingleAsync(c => c.Id == deleted)).Delete(DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        var body = MetaPayloads.Text($"wamid.unknown.{Guid.NewGuid():N}", "hi");
        using var client = App.CreateClient();

        await (await client.PostWebhookAsync(Guid.NewGuid(), body)).AssertProblemAsync(HttpStatusCode.NotFound, "webhooks.connection_not_found");
        await (await client.PostWebhookAsync(deleted, body)).AssertProblemAsync(HttpStatusCode.NotFound, "webhooks.connection_not_found");
        Assert.Equal(0, await App.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.ConnectionId == deleted)));
    }

    [Fact]
    public async Task Post_BodyOver3MB_Answers413AndStoresNothing()
    {
        var connectionId = await App.SeedConnectionAsync();
        var body = new byte[(3 * 1024 * 1024) + 1];
        using var client = App.CreateClient();

        var response = await client.PostWebhookAsync(connectionId, body, ConnectionSeeder.Sign(Encoding.UTF8.GetString(body)));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await App.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.ConnectionId == connectionId)));
    }

    [Fact]
    public async Task Post_SignedButNotJson_EndsFailedAtOnceAndIsKept()
    {
        var connectionId = await App.SeedConnectionAsync();
        using var client = App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, "{\"entry\": [")).StatusCode);

        await App.WaitForInboxDrainedAsync();
        var entry = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ConnectionId == connectionId));
        Assert.Equal((InboxStatus.Failed, 1), (entry.Status, entry.Attempts));
        Assert.StartsWith("invalid_json", entry.LastError, StringComparison.Ordinal);
        Assert.Equal("{\"entry\": [", entry.Body);
    }

    [Fact]
    public async Task Verify_RightToken_AnswersChallengeAsPlainText()
    {
        var connectionId = await App.SeedConnectionAsync();
        using var client = App.CreateClient();

        var response = await client.GetAsync($"/api/v1/webhooks/whatsapp/{connectionId}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={ConnectionSeeder.VerifyToken}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("?hub.mode=subscribe&hub.challenge=42&hub.verify_token=wrong-token")]
    [InlineData("?hub.mode=unsubscribe&hub.challenge=42&hub.verify_token=" + ConnectionSeeder.VerifyToken)]
    [InlineData("?hub.challenge=42&hub.verify_token=" + ConnectionSeeder.VerifyToken)]
    [InlineData("?hub.mode=subscribe&hub.verify_token=" + ConnectionSeeder.VerifyToken)]
    [InlineData("")]
    public async Task Verify_WrongTokenOrMissingParameters_Answers403(string query)
    {
        var connectionId = await App.SeedConnectionAsync();
        using var client = App.CreateClient();

        var response = await client.GetAsync($"/api/v1/webhooks/whatsapp/{connectionId}{query}");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "webhooks.verification_refused");
    }

    [Fact]
    public async Task Verify_UnknownConnection_Answers403()
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync($"/api/v1/webhooks/whatsapp/{Guid.NewGuid()}?hub.mode=subscribe&hub.challenge=42&hub.verify_token={ConnectionSeeder.VerifyToken}");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>Outbound messages the business sent (as the outbox leaves them: accepted, with a wamid).</summary>
    private Task<int> SeedOutboundAsync(Guid connectionId, params string[] wamids) =>
        App.WithDbAsync(async (db, _) =>
        {
            var now = DateTimeOffset.UtcNow;
            var contact = Contact.Create($"1415{Random.Shared.Next(1_000_000, 9_999_999)}", "Outbound Customer", now);
            var conversation = Conversation.StartInbound(connectionId, contact.Id, null, now);
            db.Contacts.Add(contact);
            db.Conversations.Add(conversation);
            foreach (var wamid in wamids)
            {
                var message = Message.Outbound(conversation.Id, connectionId, MessageTypes.Text, "Your order shipped", """{"body":"Your order shipped"}""", null, now);
                message.MarkAccepted(wamid, now);
                db.Messages.Add(message);
            }

            return await db.SaveChangesAsync();
        });
}
