using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks.Payloads;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>
/// One Meta app, many numbers: the app-level endpoint checks the signature with the app secret the app's
/// connections share, stores the delivery, and routes each change to its number by phone number id, splitting a
/// delivery that mixes numbers. On PostgreSQL.
/// </summary>
public sealed class AppWebhookTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private const string AppSecret = "shared-app-secret-7a1d";

    private WhatsSuiteApp App => fixture.App;

    private static string NewAppId() => Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task PostApp_DeliveryMixingNumbers_IsSplitPerConnectionAndAnUnknownNumberIsKeptAsFailed()
    {
        var appId = NewAppId();
        var (a, aPhoneNumberId) = await App.SeedConnectionAsync(ConnectionProvider.CloudApi, appId, AppSecret);
        var (b, bPhoneNumberId) = await App.SeedConnectionAsync(ConnectionProvider.CloudApi, appId, AppSecret);
        var phone = MetaShapes.NewPhone();
        var (toA, toB, toNobody) = ($"wamid.appA.{Guid.NewGuid():N}", $"wamid.appB.{Guid.NewGuid():N}", $"wamid.appX.{Guid.NewGuid():N}");
        var body = MetaShapes.Delivery(
            MetaShapes.MessagesChange([MetaShapes.Contact(phone, null)], [MetaShapes.Text(toA, phone, null, "to A")], phoneNumberId: aPhoneNumberId),
            MetaShapes.MessagesChange([MetaShapes.Contact(phone, null)], [MetaShapes.Text(toB, phone, null, "to B")], phoneNumberId: bPhoneNumberId),
            MetaShapes.MessagesChange([MetaShapes.Contact(phone, null)], [MetaShapes.Text(toNobody, phone, null, "to nobody")], phoneNumberId: "777000777000"));
        using var client = App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAppWebhookAsync(appId, body, AppSecret)).StatusCode);
        await App.WaitForInboxDrainedAsync();

        Assert.Equal(a, await App.QueryAsync(db => db.Messages.Where(m => m.Wamid == toA).Select(m => m.ConnectionId).SingleAsync()));
        Assert.Equal(b, await App.QueryAsync(db => db.Messages.Where(m => m.Wamid == toB).Select(m => m.ConnectionId).SingleAsync()));
        Assert.False(await App.QueryAsync(db => db.Messages.AnyAsync(m => m.Wamid == toNobody)));
        var parent = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.AppId == appId && e.ParentId == null));
        Assert.Equal((InboxStatus.Processed, (Guid?)null, (int?)3, 1), (parent.Status, parent.ConnectionId, parent.ItemCount, parent.SplitItems));
        var parts = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().Where(e => e.ParentId == parent.Id).ToListAsync());
        Assert.Equal(3, parts.Count);
        Assert.Equal(InboxStatus.Processed, parts.Single(p => p.ConnectionId == a).Status);
        Assert.Equal(InboxStatus.Processed, parts.Single(p => p.ConnectionId == b).Status);
        var unroutable = parts.Single(p => p.ConnectionId is null);
        Assert.Equal((InboxStatus.Failed, appId), (unroutable.Status, unroutable.AppId));
        Assert.Equal($"unroutable: no connection of Meta app '{appId}' has phone number id '777000777000'", unroutable.LastError);
        Assert.Contains(toNobody, unroutable.Body, StringComparison.Ordinal);

        // Once the number is connected, retrying the kept change routes it to the new connection.
        var c = await App.WithDbAsync(async (db, services) =>
        {
            var connection = await db.Connections.SingleAsync(x => x.Id == a);
            var protector = services.GetRequiredService<WhatsSuite.Application.Common.Interfaces.ISecretProtector>();
            var added = Connection.Create($"Late {Guid.NewGuid():N}"[..20], ConnectionProvider.CloudApi, "777000777000", MetaShapes.WabaId, "15550783882", protector.Protect("token"), protector.Protect(AppSecret), protector.Protect("verify"), 80, DateTimeOffset.UtcNow);
            added.AssignMetaApp(appId, DateTimeOffset.UtcNow);
            db.Connections.Add(added);
            await db.SaveChangesAsync();
            return added.Id;
        });
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/v1/webhooks/inbox/{unroutable.Id}/retry", null)).StatusCode);
        await App.WaitForInboxDrainedAsync();
        Assert.Equal(c, await App.QueryAsync(db => db.Messages.Where(m => m.Wamid == toNobody).Select(m => m.ConnectionId).SingleAsync()));
    }

    [Fact]
    public async Task PostApp_DeliveryForOneNumber_IsProcessedAsThatConnectionsDelivery()
    {
        var appId = NewAppId();
        var (a, aPhoneNumberId) = await App.SeedConnectionAsync(ConnectionProvider.CloudApi, appId, AppSecret);
        await App.SeedConnectionAsync(ConnectionProvider.CloudApi, appId, AppSecret);
        var phone = MetaShapes.NewPhone();
        var wamid = $"wamid.appOne.{Guid.NewGuid():N}";
        using var client = App.CreateClient();

        var body = MetaShapes.Delivery(MetaShapes.MessagesChange([MetaShapes.Contact(phone, null)], [MetaShapes.Text(wamid, phone, null, "hello")], phoneNumberId: aPhoneNumberId));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAppWebhookAsync(appId, body, AppSecret)).StatusCode);

        // A template status update names no number: it goes to the oldest connection of its WABA in the app.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAppWebhookAsync(appId, MetaShapes.Delivery([MetaShapes.TemplateStatus("order_update")], time: 1750263773), AppSecret)).StatusCode);
        await App.WaitForInboxDrainedAsync();

        Assert.Equal(a, await App.QueryAsync(db => db.Messages.Where(m => m.Wamid == wamid).Select(m => m.ConnectionId).SingleAsync()));
        var entries = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().Where(e => e.AppId == appId).ToListAsync());
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal((InboxStatus.Processed, (Guid?)a, (Guid?)null), (e.Status, e.ConnectionId, e.ParentId)));
        Assert.Equal("message_template_status_update", await App.QueryAsync(db => db.ConnectionEvents.Where(e => e.ConnectionId == a).Select(e => e.Field).SingleAsync()));
    }

    [Fact]
    public async Task PostApp_WrongSecretOrUnknownApp_Answers401Or404AndStoresNothing()
    {
        var appId = NewAppId();
        await App.SeedConnectionAsync(ConnectionProvider.CloudApi, appId, AppSecret);
        var body = MetaShapes.Delivery(MetaShapes.MessagesChange(null, null));
        using var client = App.CreateClient();

        await (await client.PostAppWebhookAsync(appId, body, "not-the-app-secret")).AssertProblemAsync(HttpStatusCode.Unauthorized, "webhooks.invalid_signature");
        await (await client.PostAppWebhookAsync(NewAppId(), body, AppSecret)).AssertProblemAsync(HttpStatusCode.NotFound, "webhooks.app_not_found");
        await (await client.PostAppWebhookAsync("not-digits", body, AppSecret)).AssertProblemAsync(HttpStatusCode.NotFound, "webhooks.app_not_found");
        Assert.False(await App.QueryAsync(db => db.WebhookInbox.AnyAsync(e => e.AppId == appId)));
    }

    [Fact]
    public async Task VerifyApp_VerifyTokenOfAConnectionOfTheApp_AnswersTheChallenge()
    {
        var appId = NewAppId();
        await App.SeedConnectionAsync(ConnectionProvider.CloudApi, appId, AppSecret);
        using var client = App.CreateClient();

        var ok = await client.GetAsync($"/api/v1/webhooks/whatsapp/apps/{appId}?hub.mode=subscribe&hub.challenge=42&hub.verify_token={ConnectionSeeder.VerifyToken}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("42", await ok.Content.ReadAsStringAsync());

        await (await client.GetAsync($"/api/v1/webhooks/whatsapp/apps/{appId}?hub.mode=subscribe&hub.challenge=42&hub.verify_token=wrong")).AssertProblemAsync(HttpStatusCode.Forbidden, "webhooks.verification_refused");
        await (await client.GetAsync($"/api/v1/webhooks/whatsapp/apps/{NewAppId()}?hub.mode=subscribe&hub.challenge=42&hub.verify_token={ConnectionSeeder.VerifyToken}")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreateAndUpdate_NumbersOfOneApp_ShareTheAppSecret()
    {
        var appId = NewAppId();
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        object Create(string name, string? secret) => new
        {
            name,
            provider = "cloud_api",
            phoneNumberId = $"55{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}",
            displayNumber = "+1 555 0100 200",
            accessToken = "token-1",
            appSecret = secret,
            metaAppId = appId,
        };

        var first = await admin.PostAsJsonAsync("/api/v1/connections", Create($"App one {appId}", "first-secret"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.ReadJsonAsync();
        Assert.Equal(($"/api/v1/webhooks/whatsapp/apps/{appId}", appId), (created.GetProperty("appWebhookPath").GetString(), created.GetProperty("metaAppId").GetString()));

        await (await admin.PostAsJsonAsync("/api/v1/connections", Create($"App two {appId}", "another-secret"))).AssertProblemAsync(HttpStatusCode.Conflict, "connections.app_secret_mismatch");
        var second = await admin.PostAsJsonAsync("/api/v1/connections", Create($"App two {appId}", null));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondBody = await second.ReadJsonAsync();

        // A delivery signed with the app secret reaches the app; a new secret given to one number is the app's.
        using var client = App.CreateClient();
        var empty = MetaShapes.Delivery(MetaShapes.MessagesChange(null, null));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAppWebhookAsync(appId, empty, "first-secret")).StatusCode);
        var update = await admin.PutAsJsonAsync($"/api/v1/connections/{secondBody.GetProperty("id").GetGuid()}", new
        {
            name = $"App two {appId}",
            phoneNumberId = secondBody.GetProperty("phoneNumberId").GetString(),
            displayNumber = "+1 555 0100 200",
            sendRateLimitPerSecond = 80,
            enabled = true,
            appSecret = "rotated-secret",
            metaAppId = appId,
        });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        await (await client.PostAppWebhookAsync(appId, empty, "first-secret")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAppWebhookAsync(appId, empty, "rotated-secret")).StatusCode);
        var firstId = created.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(firstId, empty, ConnectionSeeder.Sign(empty, "rotated-secret"))).StatusCode);
    }

    [Fact]
    public async Task CreateConnection_MetaAppIdNotDigits_Answers400()
    {
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var response = await admin.PostAsJsonAsync("/api/v1/connections", new
        {
            name = $"Bad app {Guid.NewGuid():N}"[..20],
            provider = "cloud_api",
            phoneNumberId = "5512345",
            displayNumber = "+1 555 0100 201",
            accessToken = "token-1",
            appSecret = "secret",
            metaAppId = "app-123",
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("metaAppId", out _) || problem.GetProperty("errors").TryGetProperty("MetaAppId", out _));
    }
}
