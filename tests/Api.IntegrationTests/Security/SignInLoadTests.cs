using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// Anonymous sign-in attempts cannot take the instance's CPU: they have their own small budgets per client IP
/// and per e-mail, shared by every instance through Redis, and password verifications are bounded per instance
/// (beyond the slots and a short queue, 503 <c>overloaded</c> at once) while the rest of the API keeps answering.
/// </summary>
public sealed class SignInLoadTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Dictionary<string, string?> Settings(string prefix, string instance)
    {
        var settings = WhatsSuiteApp.ServerSettings(_database, prefix, instance);
        settings["TRUSTED_PROXIES"] = "127.0.0.1";
        settings["LOGIN_MAX_FAILED_ATTEMPTS"] = "1000";
        return settings;
    }

    private static HttpClient ClientFrom(WhatsSuiteApp app, string ip)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", ip);
        return client;
    }

    [Fact]
    public async Task SignIn_BeyondTheSignInBudgetOfAnIpOnTwoInstances_Answers429WhileTheRestOfTheApiStillAnswers()
    {
        var prefix = $"test-{Guid.NewGuid():N}";
        var settingsA = Settings(prefix, "signin-ip-a");
        var settingsB = Settings(prefix, "signin-ip-b");
        settingsA["RATE_LIMIT_AUTH_MAX_REQUESTS"] = settingsB["RATE_LIMIT_AUTH_MAX_REQUESTS"] = "4";
        await using var appA = new WhatsSuiteApp(settingsA);
        await using var appB = new WhatsSuiteApp(settingsB);
        using var a = ClientFrom(appA, "198.51.100.71");
        using var b = ClientFrom(appB, "198.51.100.71");
        using var otherIp = ClientFrom(appA, "198.51.100.72");

        var allowed = new[]
        {
            await a.LoginResponseAsync("someone-1@example.test", "Wrong-password-001"),
            await b.LoginResponseAsync("someone-2@example.test", "Wrong-password-002"),
            await a.LoginResponseAsync("someone-3@example.test", "Wrong-password-003"),
            await b.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-refresh-token-at-all-000000000" }),
        };
        var overLogin = await a.LoginResponseAsync("someone-4@example.test", "Wrong-password-004");
        var overRefresh = await b.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-refresh-token-at-all-000000001" });
        var overDashboard = await a.PostAsync("/hangfire-login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@example.test", ["password"] = "y" }));
        var sameIpElsewhere = await a.GetAsync("/api/v1/auth/me");
        var otherIpSignIn = await otherIp.LoginResponseAsync("someone-5@example.test", "Wrong-password-005");

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        await overLogin.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(overLogin.Headers.RetryAfter);
        await overRefresh.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.TooManyRequests, overDashboard.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sameIpElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherIpSignIn.StatusCode);
    }

    [Fact]
    public async Task SignIn_BeyondTheBudgetOfAnEmailFromManyIpsOnTwoInstances_Answers429ForThatEmailOnly()
    {
        var prefix = $"test-{Guid.NewGuid():N}";
        var settingsA = Settings(prefix, "signin-email-a");
        var settingsB = Settings(prefix, "signin-email-b");
        settingsA["RATE_LIMIT_AUTH_EMAIL_MAX_REQUESTS"] = settingsB["RATE_LIMIT_AUTH_EMAIL_MAX_REQUESTS"] = "3";
        await using var appA = new WhatsSuiteApp(settingsA);
        await using var appB = new WhatsSuiteApp(settingsB);
        const string target = "Target.Person@Example.test";

        var allowed = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            using var client = ClientFrom(i % 2 == 0 ? appA : appB, $"203.0.113.{i + 1}");
            allowed.Add(await client.LoginResponseAsync(i == 1 ? target.ToUpperInvariant() : target, $"Wrong-password-{i:000}"));
        }

        using var fresh = ClientFrom(appB, "203.0.113.50");
        var over = await fresh.LoginResponseAsync(target, "Wrong-password-999");
        var otherEmail = await fresh.LoginResponseAsync("another.person@example.test", "Wrong-password-999");

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        await over.AssertProblemAsync(HttpStatusCode.TooManyRequests, "auth.too_many_attempts");
        Assert.InRange(over.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Unauthorized, otherEmail.StatusCode);
    }

    [Fact]
    public async Task SignIn_EveryPasswordCheckBusyAndTheQueueFull_Answers503OverloadedAtOnceWhileTheRestOfTheApiAnswers()
    {
        var hasher = new CountingHasher();
        var settings = Settings($"test-{Guid.NewGuid():N}", "signin-cpu");
        settings["PASSWORD_VERIFY_CONCURRENCY"] = "1";
        settings["PASSWORD_VERIFY_QUEUE"] = "1";
        settings["PASSWORD_VERIFY_QUEUE_MS"] = "60000";
        await using var app = new WhatsSuiteApp(settings, services => services.Replace(ServiceDescriptor.Singleton<IPasswordHasher>(hasher)));
        using var admin = app.CreateClient();
        admin.WithBearer((await admin.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);
        var verifier = app.Services.GetRequiredService<PasswordVerifier>();
        using var first = ClientFrom(app, "192.0.2.1");
        using var second = ClientFrom(app, "192.0.2.2");
        using var third = ClientFrom(app, "192.0.2.3");

        hasher.Hold();
        try
        {
            var running = first.LoginResponseAsync(WhatsSuiteApp.AdminEmail, "Wrong-password-001");
            Assert.True(await hasher.EnteredAsync(TimeSpan.FromSeconds(30)), "the first verification started");
            var queued = second.LoginResponseAsync("unknown-1@example.test", "Wrong-password-002");
            await Eventually.TrueAsync(() => Task.FromResult(verifier.Waiting == 1), "the second verification waits for the slot");

            var refused = await third.LoginResponseAsync("unknown-2@example.test", "Wrong-password-003");
            var me = await admin.GetAsync("/api/v1/auth/me");
            var users = await admin.GetAsync("/api/v1/users");

            await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "overloaded");
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Equal(HttpStatusCode.OK, users.StatusCode);

            hasher.Release();
            Assert.Equal(HttpStatusCode.Unauthorized, (await running).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await queued).StatusCode);
        }
        finally
        {
            hasher.Release();
        }
    }
}
