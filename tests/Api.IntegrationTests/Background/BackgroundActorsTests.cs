using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Infrastructure.Jobs;

namespace WhatsSuite.Api.IntegrationTests.Background;

/// <summary>
/// Every state change made by background work is a command of a named system actor, audited like a user's: after
/// the sandbox walkthrough (a customer writes, the admin answers, the simulated WhatsApp reports delivered and read)
/// and a send that the Graph API refuses with error 190, the audit trail names each background actor and what it did.
/// </summary>
public sealed class BackgroundActorsTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-actors-{Guid.NewGuid():N}");
    private FakeGraphApi? _graph;

    public async Task InitializeAsync() => _graph = await FakeGraphApi.StartAsync();

    public async Task DisposeAsync()
    {
        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task WalkthroughAndRefusedToken_AuditTrail_ListsEachBackgroundActorAndWhatItDid()
    {
        var graph = _graph!;
        graph.DefaultAnswer = FakeGraphAnswer.GraphError(401, 190, "Error validating access token: Session has expired");
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db"));
        settings["SANDBOX_DELIVERED_AFTER"] = "1s";
        settings["SANDBOX_READ_AFTER"] = "2s";
        settings["WHATSAPP_GRAPH_BASE_URL"] = graph.BaseUrl.AbsoluteUri;
        await using var app = new WhatsSuiteApp(settings);

        // The hourly purge is a background actor too, but not part of this walkthrough: it must not run into it.
        app.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(PurgeExpiredSessionsJob.Name);
        app.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(SyncMessageTemplatesJob.Name);
        using var anonymous = app.CreateClient();
        var login = await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        using var client = app.CreateClient().WithBearer(login.AccessToken);

        // The sandbox walkthrough: a customer writes, the admin takes the conversation and answers; it is read.
        var sandbox = (await client.GetFromJsonAsync<JsonObject>("/api/v1/connections"))!["items"]!.AsArray().Single()!;
        var inbound = await client.PostAsJsonAsync($"/api/v1/sandbox/connections/{(string)sandbox["id"]!}/inbound", new { from = "+54 9 11 5555-0002", name = "Ana", text = "Hola" });
        Assert.Equal(HttpStatusCode.Accepted, inbound.StatusCode);
        string? conversationId = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var page = await client.GetFromJsonAsync<JsonObject>("/api/v1/conversations?status=UNASSIGNED");
                conversationId = (string?)page!["items"]!.AsArray().SingleOrDefault()?["id"];
                return conversationId is not null;
            },
            "the customer's conversation is listed");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/conversations/{conversationId}/assign", null)).StatusCode);
        var answer = await client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { type = "text", text = "¡Hola Ana!" });
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var answerId = (string)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await Eventually.TrueAsync(
            async () => (await app.QueryAsync(db => db.Messages.Where(m => m.Id == Guid.Parse(answerId)).Select(m => m.Status).SingleAsync())) == Domain.Messages.MessageStatus.Read,
            "the answer is reported read");

        // A Cloud API number whose token WhatsApp refuses (Graph error 190).
        var seeder = new MessagingSeeder(app);
        var adminId = await app.QueryAsync(db => db.Users.Where(u => u.Email == WhatsSuiteApp.AdminEmail).Select(u => u.Id).SingleAsync());
        var (connection, _, conversation) = await seeder.OpenConversationAsync(adminId);
        var refused = await client.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/messages", new { type = "text", text = "¿Sigue ahí?" });
        Assert.Equal(HttpStatusCode.Accepted, refused.StatusCode);
        var refusedId = (string)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await Eventually.TrueAsync(
            async () => (await seeder.ReadConnectionAsync(connection.Id)).Status == ConnectionStatus.InvalidCredentials,
            "the connection is marked invalid_credentials");

        // Audit rows are written after their command commits (ADR 0005): wait for the last one.
        var connectionTarget = connection.Id.ToString();
        await Eventually.TrueAsync(
            async () => await app.QueryAsync(db => db.AuditLogs.AnyAsync(a => a.TargetId == connectionTarget)),
            "the refused token is audited");
        var rows = await app.QueryAsync(db => db.AuditLogs.AsNoTracking()
            .Where(a => a.ActorKind == ActorKind.System)

            // The dashboard rollup runs on its own minute, whether or not it fell inside this walkthrough.
            .Where(a => a.ActorId != "job:dashboard-rollup")
            .Select(a => new { a.ActorId, a.Action, a.TargetType, a.TargetId, a.Outcome, a.Reason })
            .ToListAsync());

        Assert.Equal(
            ["job:admin-seed", "job:outbox", "job:sandbox-seed", "job:webhook-inbox"],
            rows.Select(r => r.ActorId).Distinct().Order(StringComparer.Ordinal).ToList());
        Assert.Contains(rows, r => r is { ActorId: "job:webhook-inbox", Action: "ProcessWebhookDelivery", Outcome: AuditOutcome.Success });
        Assert.Contains(rows, r => r.ActorId == "job:outbox" && r.Action == "RecordSendResults" && r.TargetType == "message" && r.TargetId == answerId && r.Reason == "sent");
        Assert.Contains(rows, r => r.ActorId == "job:outbox" && r.Action == "RecordSendResults" && r.TargetType == "message" && r.TargetId == refusedId && r.Reason == "failed: 190");
        Assert.Contains(rows, r => r.ActorId == "job:outbox" && r.Action == "RecordSendResults" && r.TargetType == "connection" && r.TargetId == connectionTarget && r.Reason == "credentials_rejected");
        Assert.All(rows, r => Assert.Equal(AuditOutcome.Success, r.Outcome));
    }
}
