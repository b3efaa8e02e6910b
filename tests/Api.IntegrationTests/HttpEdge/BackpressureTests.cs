using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.HttpEdge;

/// <summary>HTTP_MAX_CONCURRENT / HTTP_BACKPRESSURE_QUEUE, REQUEST_TIMEOUT_MS and HTTP_BODY_LIMIT.</summary>
public sealed class BackpressureTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private Dictionary<string, string?> Settings() => WhatsSuiteApp.ServerSettings(fixture.Database, $"test-{Guid.NewGuid():N}", "bp-1");

    [Fact]
    public async Task Request_BeyondConcurrencyAndQueue_Returns503WithRetryAfterAtOnce()
    {
        var settings = Settings();
        settings["HTTP_MAX_CONCURRENT"] = "1";
        settings["HTTP_BACKPRESSURE_QUEUE"] = "0";
        var endpoints = new TestEndpoints();
        await using var app = new WhatsSuiteApp(settings, endpoints.Register);
        using var client = app.CreateClient();

        var slow = client.GetAsync("/test/slow");
        await endpoints.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        var refused = await client.GetAsync("/api/v1/auth/me");
        var health = await client.GetAsync("/api/v1/health/live");
        endpoints.Release();
        var finished = await slow;

        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "overloaded");
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task SlowRequest_PastTheTimeout_Returns503RequestTimeout()
    {
        var settings = Settings();
        settings["REQUEST_TIMEOUT_MS"] = "300";
        var endpoints = new TestEndpoints();
        await using var app = new WhatsSuiteApp(settings, endpoints.Register);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/test/hang");

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "request_timeout");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health/live")).StatusCode);
    }

    [Fact]
    public async Task Body_OverTheLimit_Returns413AndStoresNothing()
    {
        var settings = Settings();
        settings["HTTP_BODY_LIMIT"] = "2KB";
        await using var app = new WhatsSuiteApp(settings);
        using var login = app.CreateClient();
        var token = (await login.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        using var admin = app.CreateClient().WithBearer(token);
        var email = $"big-{Guid.NewGuid():N}@example.test";

        var tooBig = await admin.PostAsJsonAsync("/api/v1/users", new { email, fullName = new string('x', 3000), role = "AGENTE", password = "Temporary-password-1" });
        var small = await admin.PostAsJsonAsync("/api/v1/users", new { email = $"small-{Guid.NewGuid():N}@example.test", fullName = "Small", role = "AGENTE", password = "Temporary-password-1" });

        await tooBig.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, await fixture.Database.QueryAsync(db => db.Users.CountAsync(u => u.Email == email)));
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
    }
}
