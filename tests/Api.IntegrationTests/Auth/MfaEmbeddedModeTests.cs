using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Auth;

/// <summary>The two-step sign-in on the embedded SQLite file, where the challenge cannot be cleared on a second connection.</summary>
public sealed class MfaEmbeddedModeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-mfa-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task LoginWithMfa_Embedded_WrongCodeUsesUpTheChallengeAndARightCodeSignsIn()
    {
        var clock = new ManualClock();
        await using var app = new WhatsSuiteApp(
            WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")),
            services => services.AddSingleton<TimeProvider>(clock));
        using var client = app.CreateClient();
        var admin = await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        client.WithBearer(admin.AccessToken);
        var secret = (await (await client.PostAsync("/api/v1/auth/mfa/enroll", null)).ReadJsonAsync()).GetProperty("secret").GetString()!;
        string Code() => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(clock.GetUtcNow().UtcDateTime);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/auth/mfa/confirm", new { code = Code() })).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(30));
        using var anonymous = app.CreateClient();

        async Task<string> Challenge() =>
            (await (await anonymous.LoginResponseAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).ReadJsonAsync()).GetProperty("challengeToken").GetString()!;

        var challenge = await Challenge();
        var wrong = Code() == "123456" ? "654321" : "123456";
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/login/mfa", new { challengeToken = challenge, code = wrong }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.mfa_failed");
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/login/mfa", new { challengeToken = challenge, code = Code() }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.mfa_failed");

        var signedIn = await anonymous.PostAsJsonAsync("/api/v1/auth/login/mfa", new { challengeToken = await Challenge(), code = Code() });

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var token = (await signedIn.ReadJsonAsync()).GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().WithBearer(token).GetAsync("/api/v1/users")).StatusCode);
    }
}
