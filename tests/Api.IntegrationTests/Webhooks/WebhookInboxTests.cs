using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Webhooks;
using WhatsSuite.Infrastructure.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>
/// The inbox is durable: deliveries stored while no processor runs are processed later; a delivery whose
/// processing throws is retried with backoff and ends failed after WEBHOOK_MAX_ATTEMPTS, where an ADMIN
/// can list it and send it again.
/// </summary>
public sealed class WebhookInboxTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private WhatsSuiteApp? _app;
    private string _adminToken = string.Empty;

    private TestDatabase Database => _database!;

    private WhatsSuiteApp App => _app!;

    private Dictionary<string, string?> Settings() =>
        new(WhatsSuiteApp.ServerSettings(Database, $"test-{Guid.NewGuid():N}")) { ["WEBHOOK_MAX_ATTEMPTS"] = "2" };

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new WhatsSuiteApp(Settings());
        using var client = _app.CreateClient();
        _adminToken = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
    }

    public async Task DisposeAsync()
    {
        await _app!.DisposeAsync();
        await _database!.DisposeAsync();
    }

    [Fact]
    public async Task Processor_DeliveryStoredWhileNoProcessorRan_IsProcessedAfterStart()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(database, $"test-{Guid.NewGuid():N}");
        var wamid = $"wamid.durable.{Guid.NewGuid():N}";
        Guid connectionId;
        await using (var withoutProcessor = new WhatsSuiteApp(settings, services => services.RemoveAll<IHostedService>()))
        {
            connectionId = await withoutProcessor.SeedConnectionAsync();
            using var client = withoutProcessor.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaPayloads.Text(wamid, "are you there?"))).StatusCode);
            Assert.Equal(InboxStatus.Pending, await database.QueryAsync(db => db.WebhookInbox.Where(e => e.ConnectionId == connectionId).Select(e => e.Status).SingleAsync()));
            Assert.Equal(0, await database.QueryAsync(db => db.Messages.CountAsync(m => m.Wamid == wamid)));
        }

        await using var restarted = new WhatsSuiteApp(settings);
        using var started = restarted.CreateClient();

        await Eventually.TrueAsync(async () => await database.QueryAsync(db => db.Messages.CountAsync(m => m.Wamid == wamid)) == 1, "the stored delivery was processed");
        await restarted.WaitForInboxDrainedAsync();
        Assert.Equal(InboxStatus.Processed, await database.QueryAsync(db => db.WebhookInbox.Where(e => e.ConnectionId == connectionId).Select(e => e.Status).SingleAsync()));
    }

    [Fact]
    public async Task Processor_ThrowingDelivery_IsRetriedThenFailedAndTheAdminRetryReprocessesIt()
    {
        var connectionId = await App.SeedConnectionAsync();
        var wamid = $"wamid.fault.{Guid.NewGuid():N}";
        await Database.ExecuteAsync("""
            CREATE FUNCTION refuse_messages() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'storage fault'; END $$;
            CREATE TRIGGER refuse_messages BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_messages();
            """);
        using var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, MetaPayloads.Text(wamid, "hello"))).StatusCode);

        await Eventually.TrueAsync(async () => await App.QueryAsync(db => db.WebhookInbox.AnyAsync(e => e.ConnectionId == connectionId && e.Status == InboxStatus.Failed)), "the delivery failed for good");
        var failed = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.ConnectionId == connectionId));
        Assert.Equal(2, failed.Attempts);
        Assert.Contains("storage fault", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await Database.QueryAsync(db => db.Contacts.CountAsync()));

        using var admin = App.CreateClient().WithBearer(_adminToken);
        var listed = await (await admin.GetAsync("/api/v1/webhooks/inbox?status=failed")).ReadJsonAsync();
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal((failed.Id, "failed", 2), (item.GetProperty("id").GetGuid(), item.GetProperty("status").GetString(), item.GetProperty("attempts").GetInt32()));
        Assert.Contains("storage fault", item.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.True(item.GetProperty("bodyBytes").GetInt32() > 100);
        Assert.Equal(0, (await (await admin.GetAsync("/api/v1/webhooks/inbox?status=pending")).ReadJsonAsync()).GetProperty("totalCount").GetInt32());

        await Database.ExecuteAsync("DROP TRIGGER refuse_messages ON messages; DROP FUNCTION refuse_messages();");
        var retried = await admin.PostAsync($"/api/v1/webhooks/inbox/{failed.Id}/retry", null);

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal("pending", (await retried.ReadJsonAsync()).GetProperty("status").GetString());
        await App.WaitForInboxDrainedAsync();
        var processed = await App.QueryAsync(db => db.WebhookInbox.AsNoTracking().SingleAsync(e => e.Id == failed.Id));
        Assert.Equal((InboxStatus.Processed, 3, null), (processed.Status, processed.Attempts, processed.LastError));
        Assert.Equal(1, await Database.QueryAsync(db => db.Messages.CountAsync(m => m.Wamid == wamid)));
        Assert.Equal(1, await Database.QueryAsync(db => db.AuditLogs.CountAsync(a => a.Action == "RetryWebhookDelivery" && a.Outcome == AuditOutcome.Success && a.TargetId == failed.Id.ToString())));
        Assert.True(await Database.QueryAsync(db => db.AuditLogs.AnyAsync(a => a.Action == "ProcessWebhookDelivery" && a.ActorId == "job:webhook-inbox")));

        await (await admin.PostAsync($"/api/v1/webhooks/inbox/{failed.Id}/retry", null)).AssertProblemAsync(HttpStatusCode.Conflict, "webhooks.not_failed");
        await (await admin.PostAsync($"/api/v1/webhooks/inbox/{Guid.NewGuid()}/retry", null)).AssertProblemAsync(HttpStatusCode.NotFound, "webhooks.inbox_entry_not_found");
    }

    [Theory]
    [InlineData("AGENTE")]
    [InlineData("SUPERVISOR")]
    public async Task Inbox_LowerRoles_Get403(string role)
    {
        var user = await App.CreateSignedInUserAsync(_adminToken, role);
        using var client = App.CreateClient().WithBearer(user.Token);

        await (await client.GetAsync("/api/v1/webhooks/inbox")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsync($"/api/v1/webhooks/inbox/{Guid.NewGuid()}/retry", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task List_UnknownStatus_Answers400()
    {
        using var admin = App.CreateClient().WithBearer(_adminToken);

        await (await admin.GetAsync("/api/v1/webhooks/inbox?status=lost")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public void Processor_IsRegisteredAsAHostedService()
    {
        Assert.Contains(App.Services.GetServices<IHostedService>(), s => s is WebhookInboxProcessor);
    }
}
