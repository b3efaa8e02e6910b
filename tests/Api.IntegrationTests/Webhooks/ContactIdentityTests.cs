using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks.Payloads;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>
/// Customers with WhatsApp usernames: known by business-scoped user id (BSUID) when WhatsApp withholds their
/// number, merged with their phone-number twin when both are revealed, and followed through number and BSUID
/// changes announced by system messages, on PostgreSQL.
/// </summary>
public sealed class ContactIdentityTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private WhatsSuiteApp App => fixture.App;

    [Fact]
    public async Task Post_MessageWithoutPhoneNumber_StoresItUnderABsuidContactWithItsUsername()
    {
        var connectionId = await App.SeedConnectionAsync();
        var userId = MetaShapes.NewUserId();
        var wamid = $"wamid.bsuid.{Guid.NewGuid():N}";
        var body = MetaShapes.Delivery(MetaShapes.MessagesChange(
            [MetaShapes.Contact(null, userId, "Kim Lee", "@kim.lee")],
            [MetaShapes.Text(wamid, null, userId, "Hi, I saw your ad")]));
        using var client = App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, body)).StatusCode);
        await App.WaitForInboxDrainedAsync();

        var contact = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.UserId == userId));
        Assert.Equal(((string?)null, "@kim.lee", "Kim Lee"), (contact.WaId, contact.Username, contact.ProfileName));
        var message = await App.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Wamid == wamid));
        var conversation = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == message.ConversationId));
        Assert.Equal((contact.Id, ConversationStatus.UNASSIGNED, "Hi, I saw your ad"), (conversation.ContactId, conversation.Status, conversation.LastMessagePreview));
        var entry = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ConnectionId == connectionId));
        Assert.Equal((InboxStatus.Processed, 0, (int?)1), (entry.Status, entry.SplitItems, entry.ItemCount));

        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var byUsername = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/conversations?search=kim.lee&connectionId={connectionId}");
        var listed = Assert.Single(byUsername.GetProperty("items").EnumerateArray()).GetProperty("contact");
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("waId").ValueKind);
        Assert.Equal((userId, "@kim.lee", "Kim Lee"), (listed.GetProperty("userId").GetString(), listed.GetProperty("username").GetString(), listed.GetProperty("name").GetString()));
        var byUserId = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/contacts?q={Uri.EscapeDataString(userId)}");
        Assert.Equal(contact.Id, Assert.Single(byUserId.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Post_DeliveryMixingPhoneAndBsuidSenders_StoresEveryMessage()
    {
        var connectionId = await App.SeedConnectionAsync();
        var (phoneOnly, bsuidOnly, bothPhone, bothUserId) = (MetaShapes.NewPhone(), MetaShapes.NewUserId(), MetaShapes.NewPhone(), MetaShapes.NewUserId());
        var wamids = Enumerable.Range(0, 3).Select(i => $"wamid.mixed{i}.{Guid.NewGuid():N}").ToArray();
        var body = MetaShapes.Delivery(MetaShapes.MessagesChange(
            [MetaShapes.Contact(phoneOnly, null, "Phone"), MetaShapes.Contact(null, bsuidOnly, "Username", "@user"), MetaShapes.Contact(bothPhone, bothUserId, "Both")],
            [
                MetaShapes.Text(wamids[0], phoneOnly, null, "by number"),
                MetaShapes.Text(wamids[1], null, bsuidOnly, "by BSUID"),
                MetaShapes.Text(wamids[2], bothPhone, bothUserId, "by both"),
            ]));
        using var client = App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, body)).StatusCode);
        await App.WaitForInboxDrainedAsync();

        var stored = await App.QueryAsync(db => db.Messages.AsNoTracking().Where(m => wamids.Contains(m.Wamid!)).CountAsync());
        Assert.Equal(3, stored);
        var contacts = await App.QueryAsync(db => db.Contacts.AsNoTracking()
            .Where(c => c.WaId == phoneOnly || c.UserId == bsuidOnly || c.WaId == bothPhone).ToListAsync());
        Assert.Equal(3, contacts.Count);
        Assert.Equal(bothUserId, contacts.Single(c => c.WaId == bothPhone).UserId);
        Assert.Equal((InboxStatus.Processed, 0), await App.QueryAsync(db => db.WebhookInbox.AsNoTracking()
            .Where(e => e.ConnectionId == connectionId).Select(e => new ValueTuple<InboxStatus, int>(e.Status, e.SplitItems)).SingleAsync()));
    }

    [Fact]
    public async Task Post_PhoneAndBsuidRevealedTogether_MergesTheTwoContactsAndTheirConversations()
    {
        var connectionId = await App.SeedConnectionAsync();
        var (phone, userId) = (MetaShapes.NewPhone(), MetaShapes.NewUserId());
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        using var client = App.CreateClient();

        // Known by number first, then by BSUID alone (number withheld), then WhatsApp shows both.
        await PostAsync(client, connectionId, MetaShapes.Contact(phone, null, "Kim"), MetaShapes.Text($"wamid.twin1.{Guid.NewGuid():N}", phone, null, "one", at));
        await PostAsync(client, connectionId, MetaShapes.Contact(null, userId, null, "@kim"), MetaShapes.Text($"wamid.twin2.{Guid.NewGuid():N}", null, userId, "two", at.AddMinutes(1)));
        Assert.Equal(2, await App.QueryAsync(db => db.Contacts.CountAsync(c => c.WaId == phone || c.UserId == userId)));
        var byPhone = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.WaId == phone));
        var byUserId = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.UserId == userId));
        await App.WithDbAsync(async (db, _) =>
        {
            (await db.Contacts.SingleAsync(c => c.Id == byUserId.Id)).ReplaceTags(["vip"], DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        var absorbed = await App.QueryAsync(db => db.Conversations.AsNoTracking().Where(c => c.ContactId == byUserId.Id).Select(c => c.Id).SingleAsync());
        await using var desk = await DeskClient.ConnectAsync(App, fixture.AdminToken);

        await PostAsync(client, connectionId, MetaShapes.Contact(phone, userId, "Kim", "@kim"), MetaShapes.Text($"wamid.twin3.{Guid.NewGuid():N}", phone, userId, "three", at.AddMinutes(2)));

        // The folded conversation leaves every desk that showed it; the one it went into is updated.
        var removed = await desk.NextAsync("conversation.removed", absorbed, TimeSpan.FromSeconds(60));
        Assert.Equal("conversation.merged", removed.GetProperty("data").GetProperty("reason").GetString());
        var contact = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.WaId == phone || c.UserId == userId));
        Assert.Equal((byPhone.Id, phone, userId, "@kim"), (contact.Id, contact.WaId, contact.UserId, contact.Username));
        Assert.Equal(["vip"], contact.Tags);
        Assert.False(await App.QueryAsync(db => db.Contacts.AnyAsync(c => c.Id == byUserId.Id)));
        var conversation = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.ConnectionId == connectionId));
        Assert.Equal((contact.Id, "three"), (conversation.ContactId, conversation.LastMessagePreview));
        await Eventually.TrueAsync(
            () => Task.FromResult(desk.View.Contains(conversation.Id) && !desk.View.Contains(absorbed)),
            "the desk shows the kept conversation and not the folded one");
        var texts = await App.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ConversationId == conversation.Id).OrderBy(m => m.SentAt).Select(m => m.Text).ToListAsync());
        Assert.Equal(["one", "two", "three"], texts);
        var merge = await App.QueryAsync(db => db.ContactIdentityEvents.AsNoTracking().SingleAsync(e => e.ContactId == contact.Id));
        Assert.Equal((ContactIdentityChange.Merged, byUserId.Id, userId), (merge.Change, merge.MergedContactId, merge.OldUserId));
    }

    [Fact]
    public async Task Post_UserChangedNumber_MovesTheContactToTheNewNumberAndMergesTheConversationsStartedFromIt()
    {
        var connectionId = await App.SeedConnectionAsync();
        var (oldPhone, newPhone, oldUserId, newUserId) = (MetaShapes.NewPhone(), MetaShapes.NewPhone(), MetaShapes.NewUserId(), MetaShapes.NewUserId());
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        using var client = App.CreateClient();
        await PostAsync(client, connectionId, MetaShapes.Contact(oldPhone, oldUserId, "Kim"), MetaShapes.Text($"wamid.old.{Guid.NewGuid():N}", oldPhone, oldUserId, "from my old number", at));
        var original = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.WaId == oldPhone));

        // The customer writes from the new number before WhatsApp's notice arrives: a second contact for now.
        await PostAsync(client, connectionId, MetaShapes.Contact(newPhone, newUserId, "Kim"), MetaShapes.Text($"wamid.new.{Guid.NewGuid():N}", newPhone, newUserId, "new number, same Kim", at.AddMinutes(2)));
        var systemWamid = $"wamid.system.{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaShapes.Delivery(MetaShapes.MessagesChange(
            null, [MetaShapes.ChangedNumber(systemWamid, oldPhone, newPhone, oldUserId, newUserId, at.AddMinutes(1))])))).StatusCode);
        await App.WaitForInboxDrainedAsync();

        var contact = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.WaId == newPhone));
        Assert.Equal((original.Id, newUserId), (contact.Id, contact.UserId));
        Assert.False(await App.QueryAsync(db => db.Contacts.AnyAsync(c => c.WaId == oldPhone || c.UserId == oldUserId)));
        var conversation = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.ConnectionId == connectionId));
        Assert.Equal(contact.Id, conversation.ContactId);
        var system = await App.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Wamid == systemWamid));
        Assert.Equal((MessageTypes.System, $"Changed their phone number from +{oldPhone} to +{newPhone}", conversation.Id), (system.Type, system.Text, system.ConversationId));
        Assert.Equal(3, await App.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversation.Id)));

        var history = await App.QueryAsync(db => db.ContactIdentityEvents.AsNoTracking().Where(e => e.ContactId == contact.Id).ToListAsync());
        Assert.Contains(history, e => e.Change == ContactIdentityChange.PhoneNumberChanged && e.OldWaId == oldPhone && e.NewWaId == newPhone);
        Assert.Contains(history, e => e.Change == ContactIdentityChange.UserIdChanged && e.OldUserId == oldUserId && e.NewUserId == newUserId);
        Assert.Contains(history, e => e.Change == ContactIdentityChange.Merged && e.OldWaId == newPhone);

        // The next message from the new number lands in the same conversation; the contact shows its history.
        await PostAsync(client, connectionId, MetaShapes.Contact(newPhone, newUserId, "Kim"), MetaShapes.Text($"wamid.after.{Guid.NewGuid():N}", newPhone, newUserId, "thanks", at.AddMinutes(3)));
        Assert.Equal(4, await App.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversation.Id)));
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var shown = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/contacts/{contact.Id}");
        Assert.Equal(3, shown.GetProperty("identityHistory").GetArrayLength());
    }

    [Fact]
    public async Task Post_UserChangedUserId_KeepsTheContactAndItsConversationUnderTheNewBsuid()
    {
        var connectionId = await App.SeedConnectionAsync();
        var (oldUserId, newUserId) = (MetaShapes.NewUserId(), MetaShapes.NewUserId());
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var client = App.CreateClient();
        await PostAsync(client, connectionId, MetaShapes.Contact(null, oldUserId, null, "@sam"), MetaShapes.Text($"wamid.u1.{Guid.NewGuid():N}", null, oldUserId, "hello", at));
        var contactId = await App.QueryAsync(db => db.Contacts.Where(c => c.UserId == oldUserId).Select(c => c.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaShapes.Delivery(MetaShapes.MessagesChange(
            null, [MetaShapes.ChangedUserId($"wamid.u2.{Guid.NewGuid():N}", oldUserId, newUserId, at.AddMinutes(1))])))).StatusCode);
        await App.WaitForInboxDrainedAsync();
        await PostAsync(client, connectionId, MetaShapes.Contact(null, newUserId, null, "@sam"), MetaShapes.Text($"wamid.u3.{Guid.NewGuid():N}", null, newUserId, "me again", at.AddMinutes(2)));

        var contact = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contactId));
        Assert.Equal(newUserId, contact.UserId);
        var conversation = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.ConnectionId == connectionId));
        Assert.Equal(3, await App.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversation.Id)));
        var change = await App.QueryAsync(db => db.ContactIdentityEvents.AsNoTracking().SingleAsync(e => e.ContactId == contactId));
        Assert.Equal((ContactIdentityChange.UserIdChanged, oldUserId, newUserId), (change.Change, change.OldUserId, change.NewUserId));
    }

    private async Task PostAsync(HttpClient client, Guid connectionId, string contact, string message)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaShapes.Delivery(MetaShapes.MessagesChange([contact], [message])))).StatusCode);
        await App.WaitForInboxDrainedAsync();
    }
}
