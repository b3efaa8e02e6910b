using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Sandbox;

/// <summary>
/// A customer with a WhatsApp username whose number is withheld, end to end on the embedded default: they write
/// (BSUID only), the conversation is listed with their username, an agent answers, the answer goes to their
/// business-scoped user id (<c>recipient</c>) and the simulated WhatsApp reports it delivered and read by BSUID.
/// </summary>
public sealed class SandboxUsernameTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-username-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Walkthrough_CustomerKnownOnlyByBsuid_IsAnsweredByBsuidAndTheAnswerIsRead()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db"));
        settings["SANDBOX_DELIVERED_AFTER"] = "1s";
        settings["SANDBOX_READ_AFTER"] = "2s";
        await using var app = new WhatsSuiteApp(settings);
        using var anonymous = app.CreateClient();
        var login = await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        using var client = app.CreateClient().WithBearer(login.AccessToken);
        var connections = await client.GetFromJsonAsync<JsonObject>("/api/v1/connections");
        var connectionId = (string)connections!["items"]![0]!["id"]!;
        const string userId = "AR.27384950617283940516";

        var inbound = await client.PostAsJsonAsync($"/api/v1/sandbox/connections/{connectionId}/inbound", new { userId, username = "@lucia.m", name = "Lucía", text = "Hola, ¿hacen envíos?" });
        Assert.Equal(HttpStatusCode.Accepted, inbound.StatusCode);
        Assert.Equal(userId, (string?)(await inbound.Content.ReadFromJsonAsync<JsonObject>())!["userId"]);

        JsonNode? conversation = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var page = await client.GetFromJsonAsync<JsonObject>("/api/v1/conversations?search=lucia.m");
                conversation = page!["items"]!.AsArray().SingleOrDefault();
                return conversation is not null;
            },
            "the customer's conversation is listed");
        Assert.Null(conversation!["contact"]!["waId"]);
        Assert.Equal((userId, "@lucia.m"), ((string?)conversation["contact"]!["userId"], (string?)conversation["contact"]!["username"]));
        var conversationId = (string)conversation["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/conversations/{conversationId}/assign", null)).StatusCode);
        var sent = await client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { type = "text", text = "¡Hola Lucía! Sí." });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var answerId = (string)(await sent.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        await Eventually.TrueAsync(
            async () =>
            {
                var page = await client.GetFromJsonAsync<JsonObject>($"/api/v1/conversations/{conversationId}/messages");
                return (string?)page!["items"]!.AsArray().Single(m => (string?)m!["id"] == answerId)!["status"] == "read";
            },
            "the answer sent by BSUID is reported read");
        var recipients = await app.QueryAsync(db => db.MessageStatusEvents.AsNoTracking().Select(e => e.RecipientId).Distinct().ToListAsync());
        Assert.Equal([userId], recipients);
    }
}
