using System.Net;
using System.Net.Http.Json;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Auth;

/// <summary>
/// Two instances on the same PostgreSQL and Redis, as in production: a session ended on one is refused
/// by both at once, and stays refused after the instances restart.
/// </summary>
public sealed class SessionRevocationTests : IAsyncLifetime
{
    private readonly string _redisPrefix = $"test-{Guid.NewGuid():N}";
    private TestDatabase? _database;
    private WhatsSuiteApp? _first;
    private WhatsSuiteApp? _second;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _first = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(_database, _redisPrefix, "instance-a"));
        _second = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(_database, _redisPrefix, "instance-b"));
        _first.CreateClient().Dispose();
        _second.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await _first!.DisposeAsync();
        await _second!.DisposeAsync();
        await _database!.DisposeAsync();
    }

    [Fact]
    public async Task Logout_OnOneInstance_RevokesTheTokenOnBoth()
    {
        using var a = _first!.CreateClient();
        var token = (await a.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        using var b = _second!.CreateClient().WithBearer(token);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/v1/auth/me")).StatusCode);

        var logout = await a.WithBearer(token).PostAsync("/api/v1/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await a.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await b.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_EndsOnlyTheCallersSession()
    {
        using var a = _first!.CreateClient();
        var kept = (await a.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var ended = (await a.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;

        using var endedClient = _second!.CreateClient().WithBearer(ended);
        Assert.Equal(HttpStatusCode.NoContent, (await endedClient.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        using var keptClient = _second.CreateClient().WithBearer(kept);
        Assert.Equal(HttpStatusCode.OK, (await keptClient.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task ForceLogout_RevokesEverySessionOfTheUserOnBothInstances()
    {
        using var adminClient = _first!.CreateClient();
        var admin = (await adminClient.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var agent = await _first.CreateSignedInUserAsync(admin, "AGENTE");
        using var agentLogin = _second!.CreateClient();
        var secondSession = (await agentLogin.LoginAsync(agent.Email, SignedInUser.Password)).AccessToken;

        var response = await adminClient.WithBearer(admin).PostAsync($"/api/v1/users/{agent.Id}/force-logout", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.ReadJsonAsync()).GetProperty("revokedSessions").GetInt32());
        foreach (var (app, token) in new[] { (_first, agent.Token), (_second, agent.Token), (_first, secondSession), (_second, secondSession) })
        {
            using var client = app.CreateClient().WithBearer(token);
            await (await client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var adminOnSecond = _second.CreateClient().WithBearer(admin);
        Assert.Equal(HttpStatusCode.OK, (await adminOnSecond.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Deactivate_RevokesTheUsersSessionsAndRefusesLogin()
    {
        using var adminClient = _first!.CreateClient();
        var admin = (await adminClient.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var agent = await _first.CreateSignedInUserAsync(admin, "AGENTE");

        var response = await adminClient.WithBearer(admin).PostAsync($"/api/v1/users/{agent.Id}/deactivate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.ReadJsonAsync()).GetProperty("isActive").GetBoolean());
        using var agentClient = _second!.CreateClient().WithBearer(agent.Token);
        await (await agentClient.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var login = _second.CreateClient();
        await (await login.LoginResponseAsync(agent.Email, SignedInUser.Password)).AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [Fact]
    public async Task ChangePassword_RevokesOtherSessionsAndReturnsAWorkingToken()
    {
        using var adminClient = _first!.CreateClient();
        var admin = (await adminClient.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var agent = await _first.CreateSignedInUserAsync(admin, "SUPERVISOR");
        using var other = _second!.CreateClient();
        var otherSession = (await other.LoginAsync(agent.Email, SignedInUser.Password)).AccessToken;

        using var agentClient = _first.CreateClient().WithBearer(agent.Token);
        var changed = await agentClient.PostAsJsonAsync("/api/v1/auth/change-password", new { currentPassword = SignedInUser.Password, newPassword = "Another-chosen-password-7" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var fresh = (await changed.Content.ReadFromJsonAsync<TokenResponse>(ApiClient.Json))!.AccessToken;
        await (await agentClient.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await other.WithBearer(otherSession).GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var freshClient = _second.CreateClient().WithBearer(fresh);
        Assert.Equal(HttpStatusCode.OK, (await freshClient.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Revocation_SurvivesARestartOfTheInstances()
    {
        string revoked;
        string kept;
        using (var client = _first!.CreateClient())
        {
            revoked = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
            kept = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
            Assert.Equal(HttpStatusCode.NoContent, (await client.WithBearer(revoked).PostAsync("/api/v1/auth/logout", null)).StatusCode);
        }

        await _first.DisposeAsync();
        await _second!.DisposeAsync();
        _first = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(_database!, _redisPrefix, "instance-a"));
        _second = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(_database!, _redisPrefix, "instance-b"));

        using var restarted = _first.CreateClient();
        await (await restarted.WithBearer(revoked).GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var stillValid = _second.CreateClient().WithBearer(kept);
        Assert.Equal(HttpStatusCode.OK, (await stillValid.GetAsync("/api/v1/auth/me")).StatusCode);
    }
}
