using System.Diagnostics;
using System.Net;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// A Redis that stops answering (it keeps its connections open and says nothing) must not make every request
/// wait: session checks, rate-limit counters and readiness are bounded by <c>REDIS_TIMEOUT_MS</c>, and once the
/// circuit breaker has opened they answer 503 in milliseconds; when Redis answers again the API recovers by
/// itself. The hang is simulated by a proxy of this test in front of the shared Redis, never by pausing it.
/// </summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task RedisHangs_SessionsRateLimitsAndReadinessAnswer503FastAndRecoverOnTheirOwn()
    {
        var (proxy, redisUrl) = HangingTcpProxy.ForTestRedis();
        await using var _ = proxy;
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}", "redis-hang");
        settings["REDIS_URL"] = redisUrl;
        settings["REDIS_TIMEOUT_MS"] = "300";
        settings["REDIS_CIRCUIT_BREAK_SECONDS"] = "2";
        await using var app = new WhatsSuiteApp(settings);
        using var client = app.CreateClient();
        var token = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        using var signedIn = app.CreateClient().WithBearer(token);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/v1/auth/me")).StatusCode);

        proxy.Hang();
        var watch = Stopwatch.StartNew();
        var ready = await client.GetAsync("/api/v1/health/ready");
        var me = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
        {
            me.Add(await signedIn.GetAsync("/api/v1/auth/me"));
        }

        var signIn = await client.LoginResponseAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        var lastMe = Stopwatch.StartNew();
        var fast = await signedIn.GetAsync("/api/v1/auth/me");
        lastMe.Stop();
        watch.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        foreach (var response in me.Append(fast))
        {
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "dependency_unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
        }

        await signIn.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "dependency_unavailable");

        // 23 requests during the hang: a few wait for the 300 ms timeout, the rest fail at once on the open circuit
        // (before: each waited for the client's 5 s timeout, readiness 5.5 s, sign-in 12 s).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"the requests during the hang took {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(lastMe.Elapsed < TimeSpan.FromSeconds(1), $"a request on the open circuit took {lastMe.Elapsed.TotalMilliseconds:0} ms");

        proxy.Resume();
        await Eventually.TrueAsync(
            async () => (await signedIn.GetAsync("/api/v1/auth/me")).StatusCode == HttpStatusCode.OK,
            "the API answers again once Redis does",
            TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health/ready")).StatusCode);
    }
}
