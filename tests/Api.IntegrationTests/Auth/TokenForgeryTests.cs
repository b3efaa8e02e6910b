using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Text;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Auth;

/// <summary>
/// Tokens that were not issued as they are, for a live session, are refused with 401. Every live session is
/// bound to the one token issued for it (<c>SessionBindingTests</c>), which alone refuses any altered copy; to
/// show that each check below holds on its own, the session is first bound to the forged token.
/// </summary>
public sealed class TokenForgeryTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private async Task<JwtSecurityToken> RealTokenAsync()
    {
        using var client = fixture.App.CreateClient();
        var login = await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        return new JwtSecurityTokenHandler().ReadJwtToken(login.AccessToken);
    }

    private async Task AssertRefusedAsync(string token)
    {
        await fixture.App.BindSessionAsync(new JwtSecurityTokenHandler().ReadJwtToken(token).Id, token);
        using var client = fixture.App.CreateClient().WithBearer(token);
        await (await client.GetAsync("/api/v1/users")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string Sign(IEnumerable<Claim> claims, string issuer, string audience, DateTime notBefore, DateTime expires, string secret = TestEnvironment.JwtSecret) =>
        SessionTestAccess.Sign(claims, issuer, audience, notBefore, expires, secret);

    [Fact]
    public async Task AlgNone_UnsignedCopyOfALiveToken_IsRefused()
    {
        var real = await RealTokenAsync();
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = real.RawPayload;

        await AssertRefusedAsync($"{header}.{payload}.");
    }

    [Fact]
    public async Task WrongIssuer_SignedWithTheRealKey_IsRefused()
    {
        var real = await RealTokenAsync();

        await AssertRefusedAsync(Sign(real.Claims, "someone-else", "whatssuite-clients", DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10)));
    }

    [Fact]
    public async Task WrongAudience_SignedWithTheRealKey_IsRefused()
    {
        var real = await RealTokenAsync();

        await AssertRefusedAsync(Sign(real.Claims, "whatssuite", "another-app", DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10)));
    }

    [Fact]
    public async Task Expired_SignedWithTheRealKeyForALiveSession_IsRefused()
    {
        var real = await RealTokenAsync();

        await AssertRefusedAsync(Sign(real.Claims, "whatssuite", "whatssuite-clients", DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1)));
    }

    [Fact]
    public async Task ElevatedRole_ReSignedWithAnotherKey_IsRefused()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var real = new JwtSecurityTokenHandler().ReadJwtToken(agent.Token);
        var claims = real.Claims.Where(c => c.Type != "role").Append(new Claim("role", "ADMIN"));

        await AssertRefusedAsync(Sign(claims, "whatssuite", "whatssuite-clients", DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10), "guessed-secret-guessed-secret-guessed-secret"));
    }

    [Fact]
    public async Task ControlCase_ReSignedWithTheRealKeyAndItsSessionBoundToIt_IsAccepted()
    {
        // Proves the refusals above come from the property each one breaks, not from re-signing or rebinding as such.
        var real = await RealTokenAsync();
        var resigned = Sign(real.Claims, "whatssuite", "whatssuite-clients", DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10));
        using var client = fixture.App.CreateClient().WithBearer(resigned);
        await (await client.GetAsync("/api/v1/users")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await fixture.App.BindSessionAsync(real.Id, resigned);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users")).StatusCode);
    }

    private static string Base64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
