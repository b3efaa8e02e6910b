using System.Net;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Auth;

public sealed class SessionsTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    [Fact]
    public async Task ListSessions_ShowsEachActiveSessionAndMarksTheCurrentOne()
    {
        var user = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var other = fixture.App.CreateClient();
        other.DefaultRequestHeaders.UserAgent.ParseAdd("second-device/1.0");
        await other.LoginAsync(user.Email, SignedInUser.Password);
        using var client = fixture.App.CreateClient().WithBearer(user.Token);

        var sessions = (await (await client.GetAsync("/api/v1/auth/sessions")).ReadJsonAsync()).EnumerateArray().ToList();

        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
        Assert.Contains(sessions, s => s.GetProperty("userAgent").GetString() == "second-device/1.0" && !s.GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task RevokeSession_OwnOtherSession_EndsItAtOnce()
    {
        var user = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var other = fixture.App.CreateClient();
        var otherToken = (await other.LoginAsync(user.Email, SignedInUser.Password)).AccessToken;
        using var client = fixture.App.CreateClient().WithBearer(user.Token);
        var sessions = (await (await client.GetAsync("/api/v1/auth/sessions")).ReadJsonAsync()).EnumerateArray();
        var otherId = sessions.Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();

        var response = await client.DeleteAsync($"/api/v1/auth/sessions/{otherId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await other.WithBearer(otherToken).GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task RevokeSession_AnotherUsersSession_Returns404AndLeavesItActive()
    {
        var victim = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var attacker = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var victimClient = fixture.App.CreateClient().WithBearer(victim.Token);
        var victimSession = (await (await victimClient.GetAsync("/api/v1/auth/sessions")).ReadJsonAsync()).EnumerateArray().Single().GetProperty("id").GetString();
        using var attackerClient = fixture.App.CreateClient().WithBearer(attacker.Token);

        var response = await attackerClient.DeleteAsync($"/api/v1/auth/sessions/{victimSession}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "auth.session_not_found");
        Assert.Equal(HttpStatusCode.OK, (await victimClient.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task RevokeSession_MalformedId_Returns400()
    {
        using var client = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await client.DeleteAsync("/api/v1/auth/sessions/not%20valid%21");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
