using System.Net;
using System.Net.Http.Json;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Platform;

/// <summary>The embedded default: SQLite file, in-process Hangfire storage, sessions in the database.</summary>
public sealed class EmbeddedModeTests : IDisposable
{
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
    public async Task Start_FreshDirectory_CreatesTheDatabaseSeedsTheAdminAndIsReady()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath, fresh: true));
        using var client = app.CreateClient();

        var ready = await client.GetAsync("/api/v1/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.ReadJsonAsync();
        Assert.Equal("Embedded", body.GetProperty("mode").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("hangfire").GetProperty("status").GetString());
        Assert.False(body.GetProperty("checks").TryGetProperty("redis", out _));
        Assert.True(File.Exists(SqlitePath));
        var token = await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        Assert.False(token.MustChangePassword);
    }

    [Fact]
    public async Task Start_WithAdminPassword_StillRequiresTheAdminToChangeItFirst()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(SqlitePath);
        settings["ADMIN_PASSWORD"] = "Operator-chosen-seed-77";
        await using var app = new WhatsSuiteApp(settings);
        using var client = app.CreateClient();

        var first = await client.LoginAsync(WhatsSuiteApp.AdminEmail, "Operator-chosen-seed-77");

        Assert.True(first.MustChangePassword);
        await (await client.WithBearer(first.AccessToken).GetAsync("/api/v1/audit-logs")).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.password_change_required");
    }

    [Fact]
    public async Task Start_WithACommonAdminPassword_RefusesToStart()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(SqlitePath);
        settings["ADMIN_PASSWORD"] = "Password1234";
        await using var app = new WhatsSuiteApp(settings);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("ADMIN_PASSWORD", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutAdminPassword_GeneratesOneLogsItOnceAndRequiresAChange()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(SqlitePath);
        settings.Remove("ADMIN_PASSWORD");
        string generated;
        await using (var app = new WhatsSuiteApp(settings))
        {
            using var client = app.CreateClient();
            var line = Assert.Single(app.Logs, l => l.Contains("generated password", StringComparison.Ordinal));
            generated = line.Split("generated password ")[1].Split(' ')[0];
            Assert.True(generated.Length >= 20);

            var first = await client.LoginAsync(WhatsSuiteApp.AdminEmail, generated);
            Assert.True(first.MustChangePassword);
            client.WithBearer(first.AccessToken);
            await (await client.GetAsync("/api/v1/users")).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.password_change_required");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);

            var changed = await client.PostAsJsonAsync("/api/v1/auth/change-password", new { currentPassword = generated, newPassword = "My-own-admin-password-9" });
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            var fresh = (await changed.Content.ReadFromJsonAsync<TokenResponse>(ApiClient.Json))!;
            Assert.False(fresh.MustChangePassword);
            Assert.Equal(HttpStatusCode.OK, (await client.WithBearer(fresh.AccessToken).GetAsync("/api/v1/users")).StatusCode);
        }

        await using var restarted = new WhatsSuiteApp(settings);
        using var again = restarted.CreateClient();
        Assert.DoesNotContain(restarted.Logs, l => l.Contains("generated password", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await again.LoginResponseAsync(WhatsSuiteApp.AdminEmail, "My-own-admin-password-9")).StatusCode);
    }

    [Fact]
    public async Task Logout_RevocationSurvivesARestart()
    {
        string revoked;
        string kept;
        await using (var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath)))
        {
            using var client = app.CreateClient();
            revoked = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
            kept = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
            Assert.Equal(HttpStatusCode.NoContent, (await client.WithBearer(revoked).PostAsync("/api/v1/auth/logout", null)).StatusCode);
            await (await client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        await using var restarted = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath));
        using var revokedClient = restarted.CreateClient().WithBearer(revoked);
        await (await revokedClient.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var keptClient = restarted.CreateClient().WithBearer(kept);
        Assert.Equal(HttpStatusCode.OK, (await keptClient.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task ListSessions_EmbeddedStore_ShowsTheCallersSessions()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath));
        using var client = app.CreateClient();
        var admin = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var agent = await app.CreateSignedInUserAsync(admin, "AGENTE");
        await client.LoginAsync(agent.Email, SignedInUser.Password);

        var sessions = (await (await client.WithBearer(agent.Token).GetAsync("/api/v1/auth/sessions")).ReadJsonAsync()).EnumerateArray().ToList();

        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task ForceLogout_AcrossTwoInstancesOnTheSameFile_RevokesOnBoth()
    {
        await using var first = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath, "embedded-a"));
        using var adminClient = first.CreateClient();
        var admin = (await adminClient.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var agent = await first.CreateSignedInUserAsync(admin, "AGENTE");
        await using var second = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath, "embedded-b"));
        using var agentOnSecond = second.CreateClient().WithBearer(agent.Token);
        Assert.Equal(HttpStatusCode.OK, (await agentOnSecond.GetAsync("/api/v1/auth/me")).StatusCode);

        var response = await adminClient.WithBearer(admin).PostAsync($"/api/v1/users/{agent.Id}/force-logout", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await (await agentOnSecond.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Commands_WriteAuditRowsForSuccessAndDenial()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath));
        using var adminClient = app.CreateClient();
        var admin = (await adminClient.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var agent = await app.CreateSignedInUserAsync(admin, "AGENTE");
        using var agentClient = app.CreateClient().WithBearer(agent.Token);
        await (await agentClient.PostAsync($"/api/v1/users/{agent.Id}/force-logout", null)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var rows = await (await adminClient.WithBearer(admin).GetAsync("/api/v1/audit-logs?pageSize=100")).ReadJsonAsync();

        var items = rows.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, r => r.GetProperty("action").GetString() == "CreateUser" && r.GetProperty("outcome").GetString() == "Success"
            && r.GetProperty("targetId").GetString() == agent.Id.ToString());
        Assert.Contains(items, r => r.GetProperty("action").GetString() == "ForceLogoutUser" && r.GetProperty("outcome").GetString() == "Denied"
            && r.GetProperty("actorId").GetString() == agent.Id.ToString());
    }
}
