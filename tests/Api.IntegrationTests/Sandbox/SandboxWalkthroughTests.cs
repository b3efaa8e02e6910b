using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Sandbox;

/// <summary>
/// The README's sandbox walkthrough, step by step, on the embedded default: a customer writes, an agent
/// takes the conversation and answers, and the simulated WhatsApp reports the answer delivered and read
/// through the signed webhook path.
/// </summary>
public sealed class SandboxWalkthroughTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-walkthrough-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Walkthrough_CustomerWritesAgentAnswers_AnswerIsDeliveredAndRead()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db"));
        settings["SANDBOX_DELIVERED_AFTER"] = "1s";
        settings["SANDBOX_READ_AFTER"] = "2s";
        await using var app = new WhatsSuiteApp(settings);
        using var anonymous = app.CreateClient();
        var login = await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        using var client = app.CreateClient().WithBearer(login.AccessToken);

        // 1. The embedded default comes with a sandbox connection linked to the "General" queue.
        var connections = await client.GetFromJsonAsync<JsonObject>("/api/v1/connections");
        var sandbox = Assert.Single(connections!["items"]!.AsArray())!;
        Assert.Equal("sandbox", (string?)sandbox["provider"]);
        Assert.Equal("General", (string?)sandbox["queues"]![0]!["name"]);
        var connectionId = (string)sandbox["id"]!;

        // 2. A customer writes (the sandbox signs the delivery like WhatsApp and posts it to the webhook path).
        var inbound = await client.PostAsJsonAsync($"/api/v1/sandbox/connections/{connectionId}/inbound", new { from = "+54 9 11 5555-0001", name = "Ana", text = "Hola, ¿tienen envío?" });
        Assert.Equal(HttpStatusCode.Accepted, inbound.StatusCode);

        // 3. The conversation waits, unassigned, in the General queue.
        JsonNode? conversation = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var page = await client.GetFromJsonAsync<JsonObject>("/api/v1/conversations?status=UNASSIGNED");
                conversation = page!["items"]!.AsArray().SingleOrDefault();
                return conversation is not null;
            },
            "the customer's conversation is listed");
        Assert.Equal("5491155550001", (string?)conversation!["contact"]!["waId"]);
        Assert.Equal("Ana", (string?)conversation["contact"]!["name"]);
        Assert.True((bool)conversation["serviceWindowOpen"]!);
        var conversationId = (string)conversation["id"]!;

        // 4. The agent takes it.
        var taken = await client.PostAsync($"/api/v1/conversations/{conversationId}/assign", null);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal("OPEN", (string?)(await taken.Content.ReadFromJsonAsync<JsonObject>())!["status"]);

        // 5. And answers, inside the 24-hour window.
        var sent = await client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { type = "text", text = "¡Hola Ana! Sí, enviamos a todo el país." });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var answer = await sent.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("queued", (string?)answer!["status"]);
        var answerId = (string)answer["id"]!;

        // 6. The outbox sends it; the simulated WhatsApp reports it delivered, then read.
        JsonNode? stored = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var page = await client.GetFromJsonAsync<JsonObject>($"/api/v1/conversations/{conversationId}/messages");
                stored = page!["items"]!.AsArray().Single(m => (string?)m!["id"] == answerId);
                return (string?)stored!["status"] == "read";
            },
            "the answer is reported read");
        Assert.StartsWith("wamid.", (string?)stored!["wamid"], StringComparison.Ordinal);

        var history = await client.GetFromJsonAsync<JsonObject>($"/api/v1/conversations/{conversationId}/messages");
        var directions = history!["items"]!.AsArray().Select(m => (string?)m!["direction"]).ToList();
        Assert.Equal(["out", "in"], directions);
    }
}
