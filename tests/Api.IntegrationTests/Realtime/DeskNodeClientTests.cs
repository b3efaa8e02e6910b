using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsSuite.Api.IntegrationTests.OpenApi;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Realtime;

/// <summary>
/// The reference browser client, <c>@microsoft/signalr</c> (pinned in tests/contract/package-lock.json), run by
/// Node.js over WebSockets against a live API process in embedded mode (SQLite, no Redis). Skipped, with the
/// reason, where Node.js is not installed.
/// </summary>
public sealed class DeskNodeClientTests(LiveApiProcess api) : IClassFixture<LiveApiProcess>
{
    [NodeFact]
    public async Task NodeClient_ValidToken_ConnectsOverWebSocketsAndReceivesItsEvent_ForgedTokenIsRefused()
    {
        await NodeTools.EnsureInstalledAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        var adminToken = await AdminTokenAsync(http);
        var agent = await CreateAgentAsync(http, adminToken);
        var hub = new Uri(api.BaseAddress, "/hubs/desk").ToString();

        using var node = StartNode(hub, agent.Token, "queue.membership");
        Assert.Equal("connected", (await node.NextLineAsync()).GetProperty("result").GetString());

        http.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
        var queue = await http.PostAsJsonAsync("/api/v1/queues", new { name = $"Node {Guid.NewGuid():N}", strategy = "manual", agentCapacity = 5 });
        var queueId = (await queue.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync($"/api/v1/queues/{queueId}/members/{agent.Id}", null)).StatusCode);

        var received = await node.NextLineAsync();
        Assert.Equal("event", received.GetProperty("result").GetString());
        var data = received.GetProperty("event").GetProperty("data");
        Assert.Equal(1, received.GetProperty("event").GetProperty("v").GetInt32());
        Assert.Equal(queueId, data.GetProperty("queueId").GetGuid());
        Assert.Equal(agent.Id, data.GetProperty("userId").GetGuid());
        Assert.True(data.GetProperty("member").GetBoolean());
        Assert.Equal(0, await node.ExitCodeAsync());

        using var forged = StartNode(hub, agent.Token[..^4] + "AAAA", "queue.membership");
        Assert.Equal("refused", (await forged.NextLineAsync()).GetProperty("result").GetString());
        Assert.Equal(3, await forged.ExitCodeAsync());
    }

    private static async Task<string> AdminTokenAsync(HttpClient http)
    {
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = LiveApiProcess.AdminEmail, password = LiveApiProcess.AdminSeedPassword });
        if (login.StatusCode == HttpStatusCode.OK)
        {
            var seeded = await login.ReadJsonAsync();
            using var change = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/change-password")
            {
                Content = JsonContent.Create(new { currentPassword = LiveApiProcess.AdminSeedPassword, newPassword = LiveApiProcess.AdminNewPassword }),
            };
            change.Headers.Authorization = new("Bearer", seeded.GetProperty("accessToken").GetString());
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(change)).StatusCode);
        }

        var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = LiveApiProcess.AdminEmail, password = LiveApiProcess.AdminNewPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<SignedInUser> CreateAgentAsync(HttpClient http, string adminToken)
    {
        var email = $"node-agent-{Guid.NewGuid():N}@example.test";
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users")
        {
            Content = JsonContent.Create(new { email, fullName = "Node agent", role = "AGENTE", password = "Temporary-password-1" }),
        };
        create.Headers.Authorization = new("Bearer", adminToken);
        var created = await http.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var first = await (await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Temporary-password-1" })).ReadJsonAsync();
        using var change = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/change-password")
        {
            Content = JsonContent.Create(new { currentPassword = "Temporary-password-1", newPassword = SignedInUser.Password }),
        };
        change.Headers.Authorization = new("Bearer", first.GetProperty("accessToken").GetString());
        var changed = await (await http.SendAsync(change)).ReadJsonAsync();
        return new SignedInUser(id, email, changed.GetProperty("accessToken").GetString()!);
    }

    private static NodeClient StartNode(string hub, string token, string awaited)
    {
        var start = new ProcessStartInfo(NodeTools.Find("node")!)
        {
            WorkingDirectory = NodeTools.ContractDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "desk-client.cjs", hub, token, awaited, "30000" })
        {
            start.ArgumentList.Add(argument);
        }

        return new NodeClient(Process.Start(start) ?? throw new InvalidOperationException("node did not start."));
    }

    /// <summary>The running script: its JSON lines, one at a time, and its exit code.</summary>
    private sealed class NodeClient(Process process) : IDisposable
    {
        public async Task<JsonElement> NextLineAsync()
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            var line = await process.StandardOutput.ReadLineAsync(cancel.Token);
            Assert.True(line is not null, $"desk-client.cjs ended without a line: {await process.StandardError.ReadToEndAsync(cancel.Token)}");
            return JsonDocument.Parse(line!).RootElement.Clone();
        }

        public async Task<int> ExitCodeAsync()
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            await process.WaitForExitAsync(cancel.Token);
            return process.ExitCode;
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }
}
