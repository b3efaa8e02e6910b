using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>The ingestion path in embedded mode (SQLite, one instance), and the sandbox inbound endpoint end to end.</summary>
public sealed class EmbeddedWebhookTests : IDisposable
{
    private static readonly string[] SqliteKinds = ["text", "image", "reaction", "order"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-embedded-{Guid.NewGuid():N}");

    private string SqlitePath => Path.Combine(_directory, "whatssuite.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Post_SignedDeliveriesReplayedOnSqlite_StoresEachMessageOnceAndAppliesStatuses()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath));
        var connectionId = await app.SeedConnectionAsync();
        using var client = app.CreateClient();
        var wamids = SqliteKinds.ToDictionary(k => k, k => $"wamid.sqlite.{k}.{Guid.NewGuid():N}");
        var bodies = wamids.Select(w => MetaPayloads.MessageDelivery(MetaPayloads.Messages[w.Key], w.Value)).ToList();

        foreach (var body in bodies.Concat(bodies))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, body)).StatusCode);
        }

        await (await client.PostWebhookAsync(connectionId, bodies[0], ConnectionSeeder.Sign(bodies[0], "wrong-secret"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await app.WaitForInboxDrainedAsync();

        var messages = await app.QueryAsync(db => db.Messages.AsNoTracking().ToListAsync());
        Assert.Equal(4, messages.Count);
        Assert.Equal(MessageTypes.Order, messages.Single(m => m.Wamid == wamids["order"]).Type);
        Assert.Equal("Broken screen", messages.Single(m => m.Wamid == wamids["image"]).Text);
        Assert.Equal(8, await app.QueryAsync(db => db.WebhookInbox.CountAsync()));

        var outbound = $"wamid.sqlite.out.{Guid.NewGuid():N}";
        await app.WithDbAsync(async (db, _) =>
        {
            var conversation = await db.Conversations.SingleAsync();
            var message = Message.Outbound(conversation.Id, connectionId, MessageTypes.Text, "ok", """{"body":"ok"}""", null, DateTimeOffset.UtcNow);
            message.MarkAccepted(outbound, DateTimeOffset.UtcNow);
            db.Messages.Add(message);
            return await db.SaveChangesAsync();
        });
        foreach (var status in new[] { "read", "delivered", "sent", "read" })
        {
            await client.PostWebhookAsync(connectionId, MetaPayloads.StatusDelivery(outbound, status, DateTimeOffset.UtcNow));
        }

        await app.WaitForInboxDrainedAsync();
        Assert.Equal(MessageStatus.Read, await app.QueryAsync(db => db.Messages.Where(m => m.Wamid == outbound).Select(m => m.Status).SingleAsync()));
        Assert.Equal(3, await app.QueryAsync(db => db.MessageStatusEvents.CountAsync(e => e.Wamid == outbound)));
    }

    [Fact]
    public async Task SandboxInbound_TextAndImage_StoresThemInOneConversation()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath));
        var sandbox = await app.SeedConnectionAsync(ConnectionProvider.Sandbox);
        var cloud = await app.SeedConnectionAsync(ConnectionProvider.CloudApi);
        using var admin = app.CreateClient();
        admin.WithBearer((await admin.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);

        var text = await admin.PostAsJsonAsync($"/api/v1/sandbox/connections/{sandbox}/inbound", new { from = "+54 9 11 2345-6789", name = "Lucía", text = "Hola, ¿tienen stock?" });
        var image = await admin.PostAsJsonAsync($"/api/v1/sandbox/connections/{sandbox}/inbound", new { from = "5491123456789", type = "image", caption = "this one" });

        Assert.Equal(HttpStatusCode.Accepted, text.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, image.StatusCode);
        var sent = await text.ReadJsonAsync();
        Assert.Equal("5491123456789", sent.GetProperty("from").GetString());
        var wamid = sent.GetProperty("wamid").GetString()!;
        Assert.StartsWith("wamid.", wamid, StringComparison.Ordinal);
        await app.WaitForInboxDrainedAsync();
        var conversation = await app.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.ConnectionId == sandbox));
        Assert.Equal(ConversationStatus.UNASSIGNED, conversation.Status);
        var messages = await app.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ConversationId == conversation.Id).ToListAsync());
        Assert.Equal("Hola, ¿tienen stock?", messages.Single(m => m.Wamid == wamid).Text);
        var stored = messages.Single(m => m.Type == MessageTypes.Image);
        Assert.Equal("this one", stored.Text);
        Assert.NotNull(stored.MediaId);
        Assert.Equal("Lucía", await app.QueryAsync(db => db.Contacts.Where(c => c.WaId == "5491123456789").Select(c => c.ProfileName).SingleAsync()));

        await (await admin.PostAsJsonAsync($"/api/v1/sandbox/connections/{cloud}/inbound", new { from = "5491123456789", text = "x" })).AssertProblemAsync(HttpStatusCode.NotFound, "sandbox.connection_not_found");
        await (await admin.PostAsJsonAsync($"/api/v1/sandbox/connections/{sandbox}/inbound", new { from = "not a number", text = "" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task SandboxInbound_SandboxDisabled_Answers404()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(SqlitePath);
        settings["SANDBOX_ENABLED"] = "false";
        await using var app = new WhatsSuiteApp(settings);
        var sandbox = await app.SeedConnectionAsync(ConnectionProvider.Sandbox);
        using var admin = app.CreateClient();
        admin.WithBearer((await admin.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);

        var response = await admin.PostAsJsonAsync($"/api/v1/sandbox/connections/{sandbox}/inbound", new { from = "5491123456789", text = "hi" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "sandbox.connection_not_found");
        Assert.Equal(0, await app.QueryAsync(db => db.WebhookInbox.CountAsync()));
    }
}
