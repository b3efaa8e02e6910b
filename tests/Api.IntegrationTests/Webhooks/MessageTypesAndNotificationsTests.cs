using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks.Payloads;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>
/// Every documented message type reads as something an agent understands (orders, Flows, reactions removed,
/// unsupported messages, several contact cards, bare locations, click-to-WhatsApp referrals), and the other webhook
/// fields are stored once and acted on where they matter. On PostgreSQL.
/// </summary>
public sealed class MessageTypesAndNotificationsTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private WhatsSuiteApp App => fixture.App;

    [Fact]
    public async Task Post_EveryTypeAnAgentMustRead_StoresItsTypeRawObjectAndReadableText()
    {
        var connectionId = await App.SeedConnectionAsync();
        var phone = MetaShapes.NewPhone();
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        string W(string kind) => $"wamid.{kind}.{phone}";
        var messages = new[]
        {
            MetaShapes.Message(W("order"), phone, null, at, "order", MetaShapes.OrderObject),
            MetaShapes.Message(W("flow"), phone, null, at.AddSeconds(1), "interactive", MetaShapes.FlowReplyObject),
            MetaShapes.Message(W("unreact"), phone, null, at.AddSeconds(2), "reaction", MetaShapes.ReactionRemovedObject),
            MetaShapes.Unsupported(W("unsupported"), phone, at.AddSeconds(3)),
            MetaShapes.Message(W("location"), phone, null, at.AddSeconds(4), "location", MetaShapes.BareLocationObject),
            MetaShapes.Message(W("cards"), phone, null, at.AddSeconds(5), "contacts", """[{"name":{"formatted_name":"Ana Souza"}},{"name":{"formatted_name":"Bruno Lima"}},{"name":{"first_name":"Caro"}}]"""),
            MetaShapes.Message(W("button"), phone, null, at.AddSeconds(6), "button", """{"payload":"PROMO_STOP","text":"Stop promotions"}"""),
            MetaShapes.Message(W("voice"), phone, null, at.AddSeconds(7), "audio", """{"mime_type":"audio/ogg; codecs=opus","sha256":"x","id":"1168437234487281","voice":true}"""),
        };
        using var client = App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaShapes.Delivery(MetaShapes.MessagesChange([MetaShapes.Contact(phone, null)], messages)))).StatusCode);
        await App.WaitForInboxDrainedAsync();

        var stored = await App.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ConnectionId == connectionId).ToDictionaryAsync(m => m.Wamid!));
        Assert.Equal((MessageTypes.Order, "Order of 2 items: 2 × sku-42 at 19.9 USD, 1 × sku-7 at 5 USD (total 44.8 USD). Note: Please deliver by Friday"), (stored[W("order")].Type, stored[W("order")].Text));
        Assert.Equal(MetaShapes.OrderObject, stored[W("order")].Content);
        Assert.Equal((MessageTypes.Interactive, "Form reply: delivery_day: Tuesday, rating: 5"), (stored[W("flow")].Type, stored[W("flow")].Text));
        Assert.Equal((MessageTypes.Reaction, "Removed a reaction", "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUM4RTQ4NTAyMjFGMzBDNjk2RgA="), (stored[W("unreact")].Type, stored[W("unreact")].Text, stored[W("unreact")].ReplyToWamid));
        Assert.Equal((MessageTypes.Unsupported, "Unsupported message of type 'video_note' (131051: Message type unknown: Message type is currently not supported.)"), (stored[W("unsupported")].Type, stored[W("unsupported")].Text));
        Assert.Contains("\"errors\"", stored[W("unsupported")].Content, StringComparison.Ordinal);
        Assert.Equal("Location: (-34.603722, -58.381592)", stored[W("location")].Text);
        Assert.Equal("Shared 3 contacts: Ana Souza, Bruno Lima, Caro", stored[W("cards")].Text);
        Assert.Equal("Stop promotions", stored[W("button")].Text);
        Assert.Null(stored[W("voice")].Text);

        // The conversation list shows a line for a message without text too.
        var conversation = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.ConnectionId == connectionId));
        Assert.Equal("Voice message", conversation.LastMessagePreview);
    }

    [Fact]
    public async Task Post_MessageFromAClickToWhatsAppAd_KeepsTheReferralOnTheMessageAndTheConversation()
    {
        var connectionId = await App.SeedConnectionAsync();
        var phone = MetaShapes.NewPhone();
        var adId = $"12023{Random.Shared.Next(100_000, 999_999)}";
        var wamid = $"wamid.ad.{Guid.NewGuid():N}";
        var message = MetaShapes.Message(wamid, phone, null, null, "text", """{"body":"Is this still on sale?"}""", MetaShapes.Referral(adId));
        using var client = App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaShapes.Delivery(MetaShapes.MessagesChange([MetaShapes.Contact(phone, null)], [message])))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaPayloads.Text($"wamid.plain.{Guid.NewGuid():N}", "no ad here", MetaShapes.NewPhone()))).StatusCode);
        await App.WaitForInboxDrainedAsync();

        var stored = await App.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Wamid == wamid));
        Assert.Equal(("ad", adId, "Summer sale: 30% off", "image"), (stored.Referral!.SourceType, stored.Referral.SourceId, stored.Referral.Headline, stored.Referral.MediaType));
        Assert.StartsWith("ARAkLkA8", stored.Referral.CtwaClid, StringComparison.Ordinal);

        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var fromAds = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/conversations?connectionId={connectionId}&referralSourceType=ad");
        var conversation = Assert.Single(fromAds.GetProperty("items").EnumerateArray());
        var referral = conversation.GetProperty("referral");
        Assert.Equal((adId, "https://fb.me/3cr4Wqqkv", "Tap to ask about sizes and delivery."), (referral.GetProperty("sourceId").GetString(), referral.GetProperty("sourceUrl").GetString(), referral.GetProperty("body").GetString()));
        var byAd = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/conversations?referralSourceId={adId}");
        Assert.Equal(conversation.GetProperty("id").GetGuid(), Assert.Single(byAd.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var all = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/conversations?connectionId={connectionId}");
        Assert.Equal(2, all.GetProperty("items").GetArrayLength());

        var messages = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{conversation.GetProperty("id").GetGuid()}/messages");
        Assert.Equal(adId, Assert.Single(messages.GetProperty("items").EnumerateArray()).GetProperty("referral").GetProperty("sourceId").GetString());
    }

    [Fact]
    public async Task Post_OtherWebhookFields_AreStoredOnceAndActedOnWhereTheyMatter()
    {
        var connectionId = await App.SeedConnectionAsync();
        await App.SeedTemplateAsync(connectionId, "order_update", "en_US", status: "PENDING", at: DateTimeOffset.FromUnixTimeSeconds(1750263000));
        var (stopping, bsuidOnly) = (MetaShapes.NewPhone(), MetaShapes.NewUserId());
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        using var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaPayloads.Text($"wamid.pref.{Guid.NewGuid():N}", "hi", stopping))).StatusCode);
        await App.WaitForInboxDrainedAsync();

        var deliveries = new[]
        {
            MetaShapes.Delivery([MetaShapes.TemplateStatus("order_update")], time: 1750263773),
            MetaShapes.Delivery(MetaShapes.UserPreferences(stopping, null, "stop", at)),
            MetaShapes.Delivery(MetaShapes.UserPreferences(null, bsuidOnly, "stop", at)),
            MetaShapes.Delivery([MetaShapes.QualityUpdate("15550783881", "UPGRADE", "TIER_10K")], time: 1750263800),
            MetaShapes.Delivery([MetaShapes.AccountUpdate("15550783881")], time: 1750263900),
            MetaShapes.Delivery(MetaShapes.AutomaticEvent(MetaPayloads.PhoneNumberId)),
            MetaPayloads.SystemErrorDelivery(),
        };
        foreach (var body in deliveries.Concat(deliveries))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, body)).StatusCode);
        }

        await App.WaitForInboxDrainedAsync();

        var events = await App.QueryAsync(db => db.ConnectionEvents.AsNoTracking().Where(e => e.ConnectionId == connectionId).ToListAsync());
        Assert.Equal(7, events.Count);
        Assert.Equal((ConnectionEventOutcome.Applied, "APPROVED"), events.Where(e => e.Field == "message_template_status_update").Select(e => (e.Outcome, e.Event)).Single());
        Assert.Equal("APPROVED", await App.QueryAsync(db => db.MessageTemplates.Where(t => t.ConnectionId == connectionId && t.Name == "order_update").Select(t => t.Status).SingleAsync()));
        Assert.All(events.Where(e => e.Field == "user_preferences"), e => Assert.Equal((ConnectionEventOutcome.Applied, "stop"), (e.Outcome, e.Event)));
        Assert.Equal(ConnectionEventOutcome.Applied, events.Single(e => e.Field == "phone_number_quality_update").Outcome);
        Assert.Equal((ConnectionEventOutcome.Stored, "VERIFIED_ACCOUNT"), events.Where(e => e.Field == "account_update").Select(e => (e.Outcome, e.Event)).Single());
        Assert.Equal(ConnectionEventOutcome.Stored, events.Single(e => e.Field == "automatic_events").Outcome);
        Assert.Equal((ConnectionEventOutcome.Stored, "131000"), events.Where(e => e.Field == "messages.errors").Select(e => (e.Outcome, e.Event)).Single());
        Assert.Contains("order_update", events.Single(e => e.Field == "message_template_status_update").Payload, StringComparison.Ordinal);

        // Marketing stop: a flag of its own, apart from the keyword opt-out; a BSUID-only customer gets a contact to carry it.
        var contact = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.WaId == stopping));
        Assert.Equal((true, false, at.ToUnixTimeSeconds()), (contact.MarketingOptedOut, contact.OptedOut, contact.MarketingPreferenceAt!.Value.ToUnixTimeSeconds()));
        Assert.True(await App.QueryAsync(db => db.Contacts.Where(c => c.UserId == bsuidOnly).Select(c => c.MarketingOptedOut).SingleAsync()));
        var connection = await App.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == connectionId));
        Assert.Equal(("UPGRADE", "TIER_10K"), (connection.QualityEvent, connection.MessagingLimit));

        // An older resume does not undo the stop; a newer one does.
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaShapes.Delivery(MetaShapes.UserPreferences(stopping, null, "resume", at.AddMinutes(-1))))).StatusCode);
        await App.WaitForInboxDrainedAsync();
        Assert.True(await App.QueryAsync(db => db.Contacts.Where(c => c.WaId == stopping).Select(c => c.MarketingOptedOut).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaShapes.Delivery(MetaShapes.UserPreferences(stopping, null, "resume", at.AddMinutes(1))))).StatusCode);
        await App.WaitForInboxDrainedAsync();
        Assert.False(await App.QueryAsync(db => db.Contacts.Where(c => c.WaId == stopping).Select(c => c.MarketingOptedOut).SingleAsync()));

        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/connections/{connectionId}/events?field=message_template_status_update");
        var template = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal("applied", template.GetProperty("outcome").GetString());
        Assert.Equal("order_update", template.GetProperty("payload").GetProperty("message_template_name").GetString());
        var shown = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/connections/{connectionId}");
        Assert.Equal(("UPGRADE", "TIER_10K"), (shown.GetProperty("qualityEvent").GetString(), shown.GetProperty("messagingLimit").GetString()));
        var optedOut = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/contacts?marketingOptedOut=true&q={stopping}");
        Assert.Equal(0, optedOut.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, await App.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.ConnectionId == connectionId && e.Status != InboxStatus.Processed)));
    }
}
