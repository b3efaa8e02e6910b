using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Auth;

/// <summary>A server-mode instance with a manual clock; MFA_REQUIRED_ROLES as given (null: the default, ADMIN).</summary>
public class MfaFixture : IAsyncLifetime
{
    private readonly string? _requiredRoles;
    private TestDatabase? _database;
    private WhatsSuiteApp? _app;

    public MfaFixture()
        : this(string.Empty)
    {
    }

    protected MfaFixture(string? requiredRoles) => _requiredRoles = requiredRoles;

    public ManualClock Clock { get; } = new();

    public TestDatabase Database => _database!;

    public WhatsSuiteApp App => _app!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}");
        if (_requiredRoles is null)
        {
            settings.Remove("MFA_REQUIRED_ROLES");
        }
        else
        {
            settings["MFA_REQUIRED_ROLES"] = _requiredRoles;
        }

        _app = new WhatsSuiteApp(settings, services => services.AddSingleton<TimeProvider>(Clock));
        _ = _app.Services;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>The current code for the secret at the manual clock's time.</summary>
    public string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(Clock.GetUtcNow().UtcDateTime);

    /// <summary>Enrols and confirms MFA with the given token; returns the secret and the recovery codes.</summary>
    public async Task<(string Secret, List<string> RecoveryCodes)> EnableMfaAsync(string token)
    {
        using var client = App.CreateClient().WithBearer(token);
        var enrolled = await client.PostAsync("/api/v1/auth/mfa/enroll", null);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        var secret = (await enrolled.ReadJsonAsync()).GetProperty("secret").GetString()!;
        var confirmed = await client.PostAsJsonAsync("/api/v1/auth/mfa/confirm", new { code = Code(secret) });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var codes = (await confirmed.ReadJsonAsync()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Clock.Advance(TimeSpan.FromSeconds(30));
        return (secret, codes);
    }

    /// <summary>First sign-in step for a user with MFA: asserts the challenge answer and returns the challenge token.</summary>
    public async Task<string> ChallengeAsync(string email, string password)
    {
        using var client = App.CreateClient();
        var response = await client.LoginResponseAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.True(body.GetProperty("mfaRequired").GetBoolean());
        Assert.False(body.TryGetProperty("accessToken", out _), "a challenge is not an access token");
        return body.GetProperty("challengeToken").GetString()!;
    }

    public async Task<HttpResponseMessage> SecondStepAsync(string challengeToken, string? code = null, string? recoveryCode = null)
    {
        using var client = App.CreateClient();
        return await client.PostAsJsonAsync("/api/v1/auth/login/mfa", new { challengeToken, code, recoveryCode });
    }

    public Task<long> AuthEventsAsync(Guid userId, string type)
    {
        var eventType = Enum.Parse<AuthEventType>(type);
        return App.QueryAsync(db => db.AuthEvents.LongCountAsync(e => e.UserId == userId && e.Type == eventType));
    }

    public static async Task<string> AccessTokenAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement body = await response.ReadJsonAsync();
        return body.GetProperty("accessToken").GetString()!;
    }
}

/// <summary>MFA_REQUIRED_ROLES=ADMIN, the Production default (outside Production the default is no role).</summary>
public sealed class DefaultMfaRolesFixture : MfaFixture
{
    public DefaultMfaRolesFixture()
        : base("ADMIN")
    {
    }
}
