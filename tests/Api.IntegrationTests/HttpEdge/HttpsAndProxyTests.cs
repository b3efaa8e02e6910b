using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.HttpEdge;

/// <summary>HTTP_REQUIRE_HTTPS and TRUSTED_PROXIES. Test requests come from 127.0.0.1 over plain HTTP.</summary>
public sealed class HttpsAndProxyTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private WhatsSuiteApp App(string? trustedProxies, bool requireHttps = true)
    {
        var settings = WhatsSuiteApp.ServerSettings(fixture.Database, $"test-{Guid.NewGuid():N}", "edge");
        settings["HTTP_REQUIRE_HTTPS"] = requireHttps ? "true" : "false";
        settings["TRUSTED_PROXIES"] = trustedProxies;
        return new WhatsSuiteApp(settings);
    }

    [Fact]
    public async Task PlainHttp_HttpsRequired_Returns403HttpsRequired()
    {
        await using var app = App(trustedProxies: null);
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = WhatsSuiteApp.AdminEmail, password = WhatsSuiteApp.AdminPassword });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "https_required");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Health_HttpsRequired_StaysReachableOverHttp()
    {
        await using var app = App(trustedProxies: null);
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health/ready")).StatusCode);
    }

    [Fact]
    public async Task ForwardedProtoHttps_FromTrustedProxy_IsServedWithHsts()
    {
        await using var app = App(trustedProxies: "10.0.0.0/8, 127.0.0.1");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = WhatsSuiteApp.AdminEmail, password = WhatsSuiteApp.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=15552000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task ForwardedProtoHttps_FromUntrustedPeer_IsIgnored()
    {
        await using var app = App(trustedProxies: "10.0.0.0/8");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var response = await client.GetAsync("/api/v1/auth/me");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "https_required");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("127.0.0.0/8", "203.0.113.7")]
    [InlineData("10.1.2.3", "127.0.0.1")]
    [InlineData(null, "127.0.0.1")]
    public async Task AuditIp_DependsOnWhetherThePeerIsATrustedProxy(string? trustedProxies, string expectedIp)
    {
        await using var app = App(trustedProxies, requireHttps: false);
        using var client = app.CreateClient();
        var requestId = $"req-{Guid.NewGuid():N}";
        client.DefaultRequestHeaders.Add("X-Request-Id", requestId);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);

        Assert.Equal(expectedIp, await fixture.Database.QueryAsync(db => db.AuditLogs.Where(a => a.RequestId == requestId).Select(a => a.IpAddress).SingleOrDefaultAsync()));
    }
}
