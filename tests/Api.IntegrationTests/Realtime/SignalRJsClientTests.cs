using System.Diagnostics;
using System.Net;
using System.Text.Json;
using WhatsSuite.Api.IntegrationTests.OpenApi;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Realtime;

/// <summary>
/// The desk hub with the reference client of frontends: the official <c>@microsoft/signalr</c> npm package, built as
/// README.md's snippet builds it, in a node process (tests/signalr-client) talking to a real Kestrel listener on
/// loopback over each transport. Skipped, with the reason, where Node.js is not installed.
/// </summary>
public sealed class SignalRJsClientTests(LoopbackServerFixture fixture) : IClassFixture<LoopbackServerFixture>
{
    private WhatsSuiteApp App => fixture.App;

    private Uri Hub => new(fixture.BaseAddress, "hubs/desk");

    [NodeFact]
    public async Task Connect_EachTransport_ConnectsWithTheTokenAndReceivesTheSignedWebhooksMessage()
    {
        var seeder = new ConversationSeeder(App, fixture.AdminToken);
        var queue = await seeder.QueueAsync();
        var agent = await seeder.UserAsync("AGENTE", queue);
        var connection = await App.SeedConnectionAsync(queueIds: queue);
        var transports = new (string? Requested, string Used)[]
        {
            (null, "WebSocketTransport"), // The client's own choice: WebSockets first.
            ("WebSockets", "WebSocketTransport"),
            ("ServerSentEvents", "ServerSentEventsTransport"),
            ("LongPolling", "LongPollingTransport"),
        };
        var clients = new List<JsDeskClient>();
        try
        {
            foreach (var (requested, used) in transports)
            {
                var client = await JsDeskClient.StartAsync(Hub, agent.Token, requested);
                clients.Add(client);
                var connected = await client.NextAsync("connected", timeout: TimeSpan.FromSeconds(90), what: requested ?? "default transports");
                Assert.True(used == connected.GetProperty("transport").GetString(), $"Asked for {requested ?? "any transport"}, connected with {connected}.\n{client.Transcript}");
            }

            using var http = App.CreateClient();
            var customer = ConversationSeeder.RandomNumber();

            // The first message warms the path up (code loaded and compiled on first use); the second is timed.
            Assert.Equal(HttpStatusCode.OK, (await http.PostWebhookAsync(connection, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "warm-up", customer))).StatusCode);
            await Task.WhenAll(clients.Select(c => c.NextEventAsync("message.new", e => Text(e) == "warm-up")));

            var text = $"hello {Guid.NewGuid():N}";
            Assert.Equal(HttpStatusCode.OK, (await http.PostWebhookAsync(connection, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", text, customer))).StatusCode);
            var acknowledged = Stopwatch.StartNew();
            var received = await Task.WhenAll(clients.Select(async c =>
            {
                var message = await c.NextEventAsync("message.new", e => Text(e) == text);
                return (Message: message, Latency: acknowledged.Elapsed);
            }));

            var conversation = DeskClientConversation(received[0].Message);
            for (var i = 0; i < received.Length; i++)
            {
                var (message, latency) = received[i];
                Assert.Equal(1, message.GetProperty("v").GetInt32());
                Assert.Equal("in", message.GetProperty("data").GetProperty("direction").GetString());
                Assert.Equal(conversation, DeskClientConversation(message));

                // The desk aims at well under a second; the bound leaves room for a machine running test classes side by
                // side and node processes beside them, and still fails when delivery waits for a poll or a periodic job.
                Assert.True(
                    latency < TimeSpan.FromSeconds(5),
                    $"Over {transports[i].Requested ?? "default transports"} the event arrived {latency.TotalMilliseconds:F0} ms after the acknowledgement.");
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [NodeFact]
    public async Task Connect_RevokedOrForgedToken_IsRefusedWith401()
    {
        var agent = await App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var forged = agent.Token[..^4] + (agent.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        await using (var before = await JsDeskClient.StartAsync(Hub, forged, expectRefusal: true))
        {
            var refused = await before.NextAsync("refused", what: "the forged token");
            Assert.True(refused.GetProperty("statusCode") is { ValueKind: JsonValueKind.Number } status && status.GetInt32() == 401, $"{refused}\n{before.Transcript}");
            Assert.Equal(0, await before.ExitAsync(TimeSpan.FromSeconds(30)));
        }

        using (var self = App.CreateClient().WithBearer(agent.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await self.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        }

        foreach (var transport in new[] { "WebSockets", "ServerSentEvents", "LongPolling" })
        {
            await using var revoked = await JsDeskClient.StartAsync(Hub, agent.Token, transport, expectRefusal: true);
            var refused = await revoked.NextAsync("refused", what: $"the revoked token over {transport}");
            Assert.True(refused.GetProperty("statusCode") is { ValueKind: JsonValueKind.Number } status && status.GetInt32() == 401, $"{refused}\n{revoked.Transcript}");
            Assert.Equal(0, await revoked.ExitAsync(TimeSpan.FromSeconds(30)));
        }
    }

    [NodeFact]
    public async Task ForceLogout_ConnectedClient_IsDisconnectedAndItsReconnectionRefused()
    {
        var agent = await App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        await using var desk = await JsDeskClient.StartAsync(Hub, agent.Token, reconnectDelays: [0, 500]);
        await desk.NextAsync("connected", timeout: TimeSpan.FromSeconds(90));
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);

        Assert.True((await admin.PostAsync($"/api/v1/users/{agent.Id}/force-logout", null)).IsSuccessStatusCode);

        // The README's client reconnects by itself; with the session gone, every attempt is refused and it closes.
        await desk.NextAsync("closed", timeout: TimeSpan.FromSeconds(30), what: "the connection closed after the forced logout");
        Assert.Empty(desk.Written("reconnected"));
        Assert.Equal(0, await desk.ExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static string? Text(JsonElement e) =>
        e.GetProperty("data").TryGetProperty("text", out var text) ? text.GetString() : null;

    private static Guid DeskClientConversation(JsonElement e) => DeskClient.ConversationOf(e)!.Value;
}
