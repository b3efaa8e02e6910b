using System.Net;
using System.Text.Json;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Connections;

/// <summary>Embedded mode with the sandbox enabled starts with a sandbox connection and its "General" queue.</summary>
public sealed class EmbeddedSandboxConnectionTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-sandbox-{Guid.NewGuid():N}");

    private string SqlitePath => Path.Combine(_directory, "whatssuite.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<HttpClient> AdminAsync(WhatsSuiteApp app)
    {
        var client = app.CreateClient();
        var token = await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        return client.WithBearer(token.AccessToken);
    }

    private static async Task<JsonElement[]> ConnectionsAsync(HttpClient admin) =>
        [.. (await (await admin.GetAsync("/api/v1/connections")).ReadJsonAsync()).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task Start_SandboxEnabled_CreatesTheSandboxConnectionLinkedToGeneral()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath));
        using var admin = await AdminAsync(app);

        var connection = Assert.Single(await ConnectionsAsync(admin));

        Assert.Equal("Sandbox", connection.GetProperty("name").GetString());
        Assert.Equal("sandbox", connection.GetProperty("provider").GetString());
        Assert.Equal("15550100001", connection.GetProperty("displayNumber").GetString());
        Assert.Equal("active", connection.GetProperty("status").GetString());
        Assert.True(connection.GetProperty("hasAccessToken").GetBoolean());
        var queue = Assert.Single(connection.GetProperty("queues").EnumerateArray());
        Assert.Equal("General", queue.GetProperty("name").GetString());
        var queueResponse = await admin.GetAsync($"/api/v1/queues/{queue.GetProperty("id").GetGuid()}");
        Assert.True(queueResponse.StatusCode == HttpStatusCode.OK, await queueResponse.Content.ReadAsStringAsync());
        var queueDto = await queueResponse.ReadJsonAsync();
        Assert.Equal(connection.GetProperty("id").GetGuid(), Assert.Single(queueDto.GetProperty("connections").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Start_Again_DoesNotDuplicateOrRecreateADeletedSandbox()
    {
        await using (var first = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath)))
        {
            using var admin = await AdminAsync(first);
            Assert.Single(await ConnectionsAsync(admin));
        }

        Guid deleted;
        await using (var second = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath)))
        {
            using var admin = await AdminAsync(second);
            deleted = Assert.Single(await ConnectionsAsync(admin)).GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/connections/{deleted}")).StatusCode);
        }

        await using var third = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath));
        using var thirdAdmin = await AdminAsync(third);

        Assert.Empty(await ConnectionsAsync(thirdAdmin));
        await (await thirdAdmin.GetAsync($"/api/v1/connections/{deleted}")).AssertProblemAsync(HttpStatusCode.NotFound, "connections.not_found");
    }

    [Fact]
    public async Task Start_SandboxDisabled_CreatesNoConnection()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(SqlitePath);
        settings["SANDBOX_ENABLED"] = "false";
        await using var app = new WhatsSuiteApp(settings);
        using var admin = await AdminAsync(app);

        Assert.Empty(await ConnectionsAsync(admin));
    }
}
