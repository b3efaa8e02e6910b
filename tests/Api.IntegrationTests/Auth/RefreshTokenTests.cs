using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Auth;

public sealed class RefreshTokenTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken) =>
        client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    private static async Task<TokenResponse> ReadTokenAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(ApiClient.Json))!;
    }

    private async Task<(SignedInUser User, TokenResponse Login)> SignInFreshUserAsync()
    {
        var user = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var client = fixture.App.CreateClient();
        return (user, await client.LoginAsync(user.Email, SignedInUser.Password));
    }

    [Fact]
    public async Task Login_ReturnsAnOpaqueRefreshTokenStoredOnlyAsAHash()
    {
        var (_, login) = await SignInFreshUserAsync();

        Assert.False(string.IsNullOrEmpty(login.RefreshToken));
        Assert.Equal(7 * 24 * 3600, login.RefreshExpiresIn);
        var token = login.RefreshToken;
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
        Assert.Equal(0, await fixture.App.QueryAsync(db => db.RefreshTokens.CountAsync(t => t.TokenHash == token)));
        Assert.Equal(1, await fixture.App.QueryAsync(db => db.RefreshTokens.CountAsync(t => t.TokenHash == sha256)));
    }

    [Fact]
    public async Task Refresh_ValidToken_RotatesThePairAndRetiresTheOldAccessToken()
    {
        var (_, login) = await SignInFreshUserAsync();
        using var client = fixture.App.CreateClient();

        var next = await ReadTokenAsync(await RefreshAsync(client, login.RefreshToken));

        Assert.NotEqual(login.RefreshToken, next.RefreshToken);
        using var fresh = fixture.App.CreateClient().WithBearer(next.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/auth/me")).StatusCode);
        using var old = fixture.App.CreateClient().WithBearer(login.AccessToken);
        await (await old.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var again = await ReadTokenAsync(await RefreshAsync(client, next.RefreshToken));
        Assert.NotEqual(next.RefreshToken, again.RefreshToken);
    }

    [Fact]
    public async Task Refresh_AlreadyUsedToken_RevokesTheWholeFamilyAndRecordsIt()
    {
        var (user, login) = await SignInFreshUserAsync();
        using var otherDevice = fixture.App.CreateClient();
        var otherLogin = await otherDevice.LoginAsync(user.Email, SignedInUser.Password);
        using var client = fixture.App.CreateClient();
        var next = await ReadTokenAsync(await RefreshAsync(client, login.RefreshToken));

        var replay = await RefreshAsync(client, login.RefreshToken);

        await replay.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.refresh_token_reused");
        await (await RefreshAsync(client, next.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var stolen = fixture.App.CreateClient().WithBearer(next.AccessToken);
        await (await stolen.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var other = fixture.App.CreateClient().WithBearer(otherLogin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/auth/me")).StatusCode);
        await ReadTokenAsync(await RefreshAsync(client, otherLogin.RefreshToken));
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var events = await (await admin.GetAsync($"/api/v1/auth-events?userId={user.Id}&type=RefreshTokenReused")).ReadJsonAsync();
        Assert.Equal(1, events.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Refresh_UnknownToken_Returns401()
    {
        using var client = fixture.App.CreateClient();

        var response = await RefreshAsync(client, "not-a-token-we-issued");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_refresh_token");
    }

    [Fact]
    public async Task Refresh_EmptyToken_Returns400()
    {
        using var client = fixture.App.CreateClient();

        var response = await RefreshAsync(client, "");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Logout_AlsoEndsTheRefreshToken()
    {
        var (_, login) = await SignInFreshUserAsync();
        using var client = fixture.App.CreateClient().WithBearer(login.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        var response = await RefreshAsync(client, login.RefreshToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_refresh_token");
    }

    [Fact]
    public async Task Logout_AfterARefresh_EndsTheRotatedFamily()
    {
        var (_, login) = await SignInFreshUserAsync();
        using var client = fixture.App.CreateClient();
        var next = await ReadTokenAsync(await RefreshAsync(client, login.RefreshToken));
        Assert.Equal(HttpStatusCode.NoContent, (await client.WithBearer(next.AccessToken).PostAsync("/api/v1/auth/logout", null)).StatusCode);

        var response = await RefreshAsync(client, next.RefreshToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_refresh_token");
    }

    [Fact]
    public async Task ForceLogoutAndDeactivation_EndRefreshTokensToo()
    {
        var (user, login) = await SignInFreshUserAsync();
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{user.Id}/force-logout", null)).StatusCode);
        using var client = fixture.App.CreateClient();
        await (await RefreshAsync(client, login.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var second = await client.LoginAsync(user.Email, SignedInUser.Password);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{user.Id}/deactivate", null)).StatusCode);
        await (await RefreshAsync(client, second.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
