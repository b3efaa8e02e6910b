using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Auth;

public sealed class LoginTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    [Fact]
    public async Task Login_ValidCredentials_ReturnsBearerTokenWithRequiredClaims()
    {
        using var client = fixture.App.CreateClient();

        var token = await client.LoginAsync("ADMIN@Example.test", WhatsSuiteApp.AdminPassword);

        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal(900, token.ExpiresIn);
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token.AccessToken);
        Assert.Equal("HS256", jwt.Header.Alg);
        Assert.Equal("whatssuite", jwt.Issuer);
        Assert.Contains("whatssuite-clients", jwt.Audiences);
        Assert.Equal("ADMIN", jwt.Claims.Single(c => c.Type == "role").Value);
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.True(Guid.TryParse(jwt.Subject, out _));
        Assert.InRange(jwt.ValidTo, DateTime.UtcNow.AddMinutes(14), DateTime.UtcNow.AddMinutes(16));
    }

    [Fact]
    public async Task Login_WrongPasswordAndUnknownEmail_GiveTheSame401()
    {
        using var client = fixture.App.CreateClient();

        var wrongPassword = await client.LoginResponseAsync(WhatsSuiteApp.AdminEmail, "Not-the-password-0");
        var unknownEmail = await client.LoginResponseAsync("nobody@example.test", "Not-the-password-0");

        var a = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        var b = await unknownEmail.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
        Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Login_MissingFields_Returns400WithFieldErrors()
    {
        using var client = fixture.App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Login_MalformedJson_Returns400Problem()
    {
        using var client = fixture.App.CreateClient();

        var response = await client.PostAsync("/api/v1/auth/login", new StringContent("{\"email\": ", Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Login_WrongJsonType_Returns400ProblemNamingTheMember()
    {
        using var client = fixture.App.CreateClient();

        var response = await client.PostAsync("/api/v1/auth/login", new StringContent("{\"email\": 42, \"password\": \"x\"}", Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.email", out _));
    }

    [Fact]
    public async Task Login_TextPlainBody_Returns415Problem()
    {
        using var client = fixture.App.CreateClient();

        var response = await client.PostAsync("/api/v1/auth/login", new StringContent("email=a", Encoding.UTF8, "text/plain"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        using var client = fixture.App.CreateClient();

        var response = await client.GetAsync("/api/v1/does-not-exist");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Me_WithoutToken_Returns401ProblemWithBearerChallenge()
    {
        using var client = fixture.App.CreateClient();

        var response = await client.GetAsync("/api/v1/auth/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Me_WithToken_ReturnsTheCaller()
    {
        using var client = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var me = await (await client.GetAsync("/api/v1/auth/me")).ReadJsonAsync();

        Assert.Equal(WhatsSuiteApp.AdminEmail, me.GetProperty("email").GetString());
        Assert.Equal("ADMIN", me.GetProperty("role").GetString());
        Assert.False(me.TryGetProperty("passwordHash", out _));
    }

    [Fact]
    public async Task Me_TokenSignedWithAnotherKey_Returns401()
    {
        var forged = ForgeToken("another-signing-secret-0123456789abcdef-xyz");
        using var client = fixture.App.CreateClient().WithBearer(forged);

        var response = await client.GetAsync("/api/v1/auth/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_ValidSignatureButNoSession_Returns401()
    {
        // Signed with the real key but never issued: its jti has no session.
        var forged = ForgeToken(TestEnvironment.JwtSecret);
        using var client = fixture.App.CreateClient().WithBearer(forged);

        var response = await client.GetAsync("/api/v1/auth/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string ForgeToken(string secret)
    {
        var key = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
        var token = new JwtSecurityToken(
            issuer: "whatssuite",
            audience: "whatssuite-clients",
            claims: [new("sub", Guid.NewGuid().ToString()), new("role", "ADMIN"), new("jti", Guid.NewGuid().ToString("N"))],
            expires: DateTime.UtcNow.AddMinutes(5),
            signingCredentials: new Microsoft.IdentityModel.Tokens.SigningCredentials(key, "HS256"));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
