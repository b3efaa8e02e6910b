using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Auth;

/// <summary>Tokens that were not issued as they are, for a live session, are refused with 401.</summary>
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
        using var client = fixture.App.CreateClient().WithBearer(token);
        await (await client.GetAsync("/api/v1/users")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string Sign(IEnumerable<Claim> claims, string issuer, string audience, DateTime notBefore, DateTime expires, string secret = TestEnvironment.JwtSecret)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
        var token = new JwtSecurityToken(issuer, audience, claims.Where(c => c.Type is not ("iss" or "aud" or "exp" or "nbf" or "iat")), notBefore, expires, new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

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
    public async Task ControlCase_ReSignedWithTheRealKeyAndLiveSession_IsAccepted()
    {
        // Proves the refusals above come from the property each one breaks, not from re-signing as such.
        var real = await RealTokenAsync();
        using var client = fixture.App.CreateClient().WithBearer(Sign(real.Claims, "whatssuite", "whatssuite-clients", DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10)));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users")).StatusCode);
    }

    private static string Base64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
