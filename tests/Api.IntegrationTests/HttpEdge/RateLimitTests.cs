using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.HttpEdge;

/// <summary>
/// Fixed-window budgets per client IP, per user and per API key. Counters start at a request's first hit,
/// so a test's requests all fall into one window. Client IPs are varied through a trusted proxy.
/// </summary>
public sealed class RateLimitTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private static readonly string[] UsersRead = ["users:read"];

    private Dictionary<string, string?> Settings(string prefix, string instance = "rl-1")
    {
        var settings = WhatsSuiteApp.ServerSettings(fixture.Database, prefix, instance);
        settings["TRUSTED_PROXIES"] = "127.0.0.1";
        return settings;
    }

    private static HttpClient ClientFrom(WhatsSuiteApp app, string ip)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", ip);
        return client;
    }

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
    }

    [Fact]
    public async Task PerIp_OverBudget_Returns429WithRetryAfterAndOtherIpsAreUnaffected()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"whatssuite-rl-{Guid.NewGuid():N}");
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(directory, "whatssuite.db"));
        settings["TRUSTED_PROXIES"] = "127.0.0.1";
        settings["RATE_LIMIT_MAX_REQUESTS"] = "3";
        try
        {
            await using var app = new WhatsSuiteApp(settings);
            using var first = ClientFrom(app, "198.51.100.1");
            using var second = ClientFrom(app, "198.51.100.2");

            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/v1/auth/me")).StatusCode);
            }

            await AssertRateLimitedAsync(await first.GetAsync("/api/v1/auth/me"));
            await AssertRateLimitedAsync(await first.GetAsync("/swagger/v1/swagger.json"));
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/v1/auth/me")).StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Health_BeyondTheIpBudget_IsNeverLimited()
    {
        var settings = Settings($"test-{Guid.NewGuid():N}");
        settings["RATE_LIMIT_MAX_REQUESTS"] = "2";
        await using var app = new WhatsSuiteApp(settings);
        using var client = ClientFrom(app, "198.51.100.20");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.GetAsync(i % 2 == 0 ? "/api/v1/health/live" : "/api/v1/health/ready")).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        await client.GetAsync("/api/v1/auth/me");
        await client.GetAsync("/api/v1/auth/me");
        await AssertRateLimitedAsync(await client.GetAsync("/api/v1/auth/me"));
    }

    [Fact]
    public async Task PerUser_OverBudget_Returns429ForThatUserOnly()
    {
        var settings = Settings($"test-{Guid.NewGuid():N}");
        settings["RATE_LIMIT_USER_MAX_REQUESTS"] = "5";
        await using var app = new WhatsSuiteApp(settings);
        using var login = app.CreateClient();
        var adminToken = (await login.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var other = await app.CreateSignedInUserAsync(adminToken, "AGENTE"); // the admin's 1st request
        using var admin = app.CreateClient().WithBearer(adminToken);
        using var agent = app.CreateClient().WithBearer(other.Token);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/auth/me")).StatusCode);
        }

        await AssertRateLimitedAsync(await admin.GetAsync("/api/v1/auth/me"));
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task PerIp_TwoInstancesOnOneRedis_ShareOneBudget()
    {
        var prefix = $"test-{Guid.NewGuid():N}";
        var settingsA = Settings(prefix, "rl-a");
        var settingsB = Settings(prefix, "rl-b");
        settingsA["RATE_LIMIT_MAX_REQUESTS"] = settingsB["RATE_LIMIT_MAX_REQUESTS"] = "4";
        await using var appA = new WhatsSuiteApp(settingsA);
        await using var appB = new WhatsSuiteApp(settingsB);
        using var a = ClientFrom(appA, "198.51.100.30");
        using var b = ClientFrom(appB, "198.51.100.30");

        var allowed = new[]
        {
            await a.GetAsync("/api/v1/auth/me"), await b.GetAsync("/api/v1/auth/me"),
            await a.GetAsync("/api/v1/auth/me"), await b.GetAsync("/api/v1/auth/me"),
        };

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        await AssertRateLimitedAsync(await a.GetAsync("/api/v1/auth/me"));
        await AssertRateLimitedAsync(await b.GetAsync("/api/v1/auth/me"));
    }

    [Fact]
    public async Task PerApiKey_OverBudget_Returns429ForThatKeyOnly()
    {
        var settings = Settings($"test-{Guid.NewGuid():N}");
        settings["RATE_LIMIT_API_MAX_REQUESTS"] = "2";
        await using var app = new WhatsSuiteApp(settings);
        using var admin = app.CreateClient();
        admin.WithBearer((await admin.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);
        async Task<HttpClient> KeyClientAsync(string name)
        {
            var created = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name, scopes = UsersRead });
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", (await created.ReadJsonAsync()).GetProperty("key").GetString());
            return client;
        }

        using var keyA = await KeyClientAsync("integration A");
        using var keyB = await KeyClientAsync("integration B");

        Assert.Equal(HttpStatusCode.OK, (await keyA.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await keyA.GetAsync("/api/v1/users")).StatusCode);
        await AssertRateLimitedAsync(await keyA.GetAsync("/api/v1/users"));
        Assert.Equal(HttpStatusCode.OK, (await keyB.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task RedisDown_RequestsPassUncountedAndAWarningIsLogged()
    {
        var settings = Settings($"test-{Guid.NewGuid():N}", "rl-no-redis");
        TestEnvironment.RedisDown(settings);
        settings["RATE_LIMIT_MAX_REQUESTS"] = "1";
        await using var app = new WhatsSuiteApp(settings);
        using var client = ClientFrom(app, "198.51.100.40");

        var first = await client.GetAsync("/swagger/v1/swagger.json");
        var second = await client.GetAsync("/swagger/v1/swagger.json");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains(app.Logs, line => line.Contains("Rate-limit counters are unavailable", StringComparison.Ordinal));
    }
}
