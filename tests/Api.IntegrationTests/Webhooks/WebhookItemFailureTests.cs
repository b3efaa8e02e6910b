using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks.Payloads;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>
/// A delivery is never lost because one item in it is odd: the item is split off into an inbox entry of its own,
/// failed with its reason and retryable, while every other item is stored; and a connection's endpoint refuses
/// changes for another number the same way. On PostgreSQL.
/// </summary>
public sealed class WebhookItemFailureTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private WhatsSuiteApp App => fixture.App;

    [Fact]
    public async Task Post_OneMessageWithoutSender_StoresTheOthersAndKeepsItAsAFailedRetryableEntry()
    {
        var connectionId = await App.SeedConnectionAsync();
        var phone = MetaShapes.NewPhone();
        var (first, broken, last) = ($"wamid.ok1.{Guid.NewGuid():N}", $"wamid.bad.{Guid.NewGuid():N}", $"wamid.ok2.{Guid.NewGuid():N}");
        var body = MetaShapes.Delivery(MetaShapes.MessagesChange(
            [MetaShapes.Contact(phone, null)],
            [MetaShapes.Text(first, phone, null, "first"), MetaShapes.Text(broken, null, null, "nobody sent me"), MetaShapes.Text(last, phone, null, "last")]));
        using var client = App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, body)).StatusCode);
        await App.WaitForInboxDrainedAsync();

        var stored = await App.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ConnectionId == connectionId).Select(m => m.Wamid).ToListAsync());
        Assert.Equal(new[] { first, last }.Order(), stored.Order());
        var parent = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ConnectionId == connectionId && e.ParentId == null));
        Assert.Equal((InboxStatus.Processed, (int?)3, 3, 1), (parent.Status, parent.ItemCount, parent.Progress, parent.SplitItems));
        var child = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ParentId == parent.Id));
        Assert.Equal((InboxStatus.Failed, (Guid?)connectionId), (child.Status, child.ConnectionId));
        Assert.StartsWith("invalid_payload: message " + broken, child.LastError, StringComparison.Ordinal);
        Assert.Contains(broken, child.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(first, child.Body, StringComparison.Ordinal);

        // Visible in the inbox under its delivery, and retryable (it fails again: it still names no sender).
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/inbox?parentId={parent.Id}");
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal((child.Id, "failed"), (item.GetProperty("id").GetGuid(), item.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/v1/webhooks/inbox/{child.Id}/retry", null)).StatusCode);
        await App.WaitForInboxDrainedAsync();
        Assert.Equal(InboxStatus.Failed, await App.QueryAsync(db => db.WebhookInbox.Where(e => e.Id == child.Id).Select(e => e.Status).SingleAsync()));
        Assert.Equal(2, await App.QueryAsync(db => db.Messages.CountAsync(m => m.ConnectionId == connectionId)));
    }

    [Fact]
    public async Task Post_OneItemWithALoneSurrogate_IsStoredWithAReplacementCharacterAlongTheOthers()
    {
        var connectionId = await App.SeedConnectionAsync();
        var phone = MetaShapes.NewPhone();
        var wamids = Enumerable.Range(0, 3).Select(i => $"wamid.sur{i}.{Guid.NewGuid():N}").ToArray();

        // A lone surrogate escape: valid JSON that .NET cannot read as text. The half emoji becomes U+FFFD and the
        // message is kept with the others (ADR 0016), rather than being split off and failed.
        var odd = MetaShapes.Message(wamids[1], phone, null, null, "text", """{"body":"broken \ud83d emoji"}""");
        var body = MetaShapes.Delivery(MetaShapes.MessagesChange(
            [MetaShapes.Contact(phone, null)],
            [MetaShapes.Text(wamids[0], phone, null, "one"), odd, MetaShapes.Text(wamids[2], phone, null, "three")]));
        using var client = App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, body)).StatusCode);
        await App.WaitForInboxDrainedAsync();

        var stored = await App.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ConnectionId == connectionId).Select(m => m.Wamid!).ToListAsync());
        Assert.Equal(wamids.Order(), stored.Order());
        Assert.Equal("broken \uFFFD emoji", await App.QueryAsync(db => db.Messages.Where(m => m.Wamid == wamids[1]).Select(m => m.Text).SingleAsync()));
        var parent = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ConnectionId == connectionId && e.ParentId == null));
        Assert.Equal(InboxStatus.Processed, parent.Status);
        Assert.False(await App.QueryAsync(db => db.WebhookInbox.AnyAsync(e => e.ParentId == parent.Id)));
    }

    [Fact]
    public async Task Post_ChangeForAnotherPhoneNumberId_IsRefusedAsAFailedEntryAndTheOwnChangeIsStored()
    {
        var connectionId = await App.SeedConnectionAsync();
        var (phone, own, foreign) = (MetaShapes.NewPhone(), $"wamid.own.{Guid.NewGuid():N}", $"wamid.foreign.{Guid.NewGuid():N}");
        var body = MetaShapes.Delivery(
            MetaShapes.MessagesChange([MetaShapes.Contact(phone, null)], [MetaShapes.Text(own, phone, null, "mine")]),
            MetaShapes.MessagesChange([MetaShapes.Contact(phone, null)], [MetaShapes.Text(foreign, phone, null, "not for this number")], phoneNumberId: "999000999000"));
        using var client = App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, body)).StatusCode);
        await App.WaitForInboxDrainedAsync();

        Assert.Equal([own], await App.QueryAsync(db => db.Messages.Where(m => m.ConnectionId == connectionId).Select(m => m.Wamid).ToListAsync()));
        Assert.False(await App.QueryAsync(db => db.Messages.AnyAsync(m => m.Wamid == foreign)));
        var parent = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ConnectionId == connectionId && e.ParentId == null));
        var refused = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ParentId == parent.Id));
        Assert.Equal(InboxStatus.Failed, refused.Status);
        Assert.StartsWith("foreign_phone_number_id: this change is for phone number id '999000999000'", refused.LastError, StringComparison.Ordinal);
        Assert.Contains(foreign, refused.Body, StringComparison.Ordinal);

        // A delivery that is only a foreign change fails itself, visibly; nothing is stored.
        var lone = $"wamid.lone.{Guid.NewGuid():N}";
        var other = await App.SeedConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(other, MetaShapes.Delivery(
            MetaShapes.MessagesChange([MetaShapes.Contact(phone, null)], [MetaShapes.Text(lone, phone, null, "lost?")], phoneNumberId: "999000999001")))).StatusCode);
        await App.WaitForInboxDrainedAsync();
        var entry = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ConnectionId == other));
        Assert.Equal(InboxStatus.Failed, entry.Status);
        Assert.StartsWith("foreign_phone_number_id", entry.LastError, StringComparison.Ordinal);
        Assert.False(await App.QueryAsync(db => db.Messages.AnyAsync(m => m.Wamid == lone)));
    }
}
