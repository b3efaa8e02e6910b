using System.Net;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// A session belongs to its user and to the one token issued for it. A token signed with the real key that
/// reuses a live session id while claiming another subject or another role is refused, with sessions in
/// Redis and with sessions in the database.
/// </summary>
public sealed class SessionBindingTests(SessionBindingTests.StoresFixture fixture) : IClassFixture<SessionBindingTests.StoresFixture>
{
    public static TheoryData<string> Stores => ["redis", "database"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ForgedToken_ReusingAnAgentsLiveSessionWithTheAdminsSubjectAndRole_IsRefused(string store)
    {
        var app = fixture.For(store);
        var admin = await app.CreateClient().LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        var adminId = (await (await app.CreateClient().WithBearer(admin.AccessToken).GetAsync("/api/v1/auth/me")).ReadJsonAsync()).GetProperty("id").GetString()!;
        var agent = await app.CreateSignedInUserAsync(admin.AccessToken, "AGENTE");
        var forged = SessionTestAccess.Sign(
            SessionTestAccess.ClaimsWith(agent.Token, ("sub", adminId), ("role", "ADMIN"), ("email", WhatsSuiteApp.AdminEmail)),
            "whatssuite",
            "whatssuite-clients",
            DateTime.UtcNow.AddMinutes(-1),
            DateTime.UtcNow.AddMinutes(10));

        using var forgedClient = app.CreateClient().WithBearer(forged);
        await (await forgedClient.GetAsync("/api/v1/users")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await forgedClient.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // The session it reused is live: the agent's own token still works.
        using var agentClient = app.CreateClient().WithBearer(agent.Token);
        Assert.Equal(HttpStatusCode.OK, (await agentClient.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ForgedToken_ReusingOwnLiveSessionWithAnElevatedRole_IsRefused(string store)
    {
        var app = fixture.For(store);
        var admin = await app.CreateClient().LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        var agent = await app.CreateSignedInUserAsync(admin.AccessToken, "AGENTE");
        var forged = SessionTestAccess.Sign(
            SessionTestAccess.ClaimsWith(agent.Token, ("role", "ADMIN")), "whatssuite", "whatssuite-clients", DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10));

        using var forgedClient = app.CreateClient().WithBearer(forged);

        await (await forgedClient.GetAsync("/api/v1/users")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await forgedClient.GetAsync("/api/v1/api-keys")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    /// <summary>One database, two instances: sessions in Redis on one, in the <c>user_sessions</c> table on the other.</summary>
    public sealed class StoresFixture : IAsyncLifetime
    {
        private TestDatabase? _database;
        private WhatsSuiteApp? _redis;
        private WhatsSuiteApp? _databaseSessions;

        public WhatsSuiteApp For(string store) => store == "redis" ? _redis! : _databaseSessions!;

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateAsync();
            _redis = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}", "redis-sessions"));
            _redis.CreateClient().Dispose();
            var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}", "database-sessions");
            settings.Remove("REDIS_URL");
            _databaseSessions = new WhatsSuiteApp(settings);
            _databaseSessions.CreateClient().Dispose();
        }

        public async Task DisposeAsync()
        {
            await _redis!.DisposeAsync();
            await _databaseSessions!.DisposeAsync();
            await _database!.DisposeAsync();
        }
    }
}
