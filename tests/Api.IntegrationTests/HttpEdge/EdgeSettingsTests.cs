using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.IntegrationTests.HttpEdge;

/// <summary>Bad HTTP-edge settings stop start-up with a message naming the variable.</summary>
public sealed class EdgeSettingsTests
{
    [Theory]
    [InlineData("HTTP_BODY_LIMIT", "25 parsecs")]
    [InlineData("HTTP_BODY_LIMIT", "0")]
    [InlineData("TRUSTED_PROXIES", "10.0.0.0/99")]
    [InlineData("ALLOWED_ORIGINS", "https://app.example.com/path")]
    [InlineData("RATE_LIMIT_MAX_REQUESTS", "many")]
    [InlineData("HTTP_MAX_CONCURRENT", "0")]
    [InlineData("REQUEST_TIMEOUT_MS", "-5")]
    [InlineData("HTTP_REQUIRE_HTTPS", "maybe")]
    [InlineData("RATE_LIMIT_AUTH_MAX_REQUESTS", "0")]
    [InlineData("RATE_LIMIT_AUTH_EMAIL_WINDOW_SECONDS", "soon")]
    [InlineData("PASSWORD_VERIFY_CONCURRENCY", "0")]
    [InlineData("PASSWORD_VERIFY_QUEUE_MS", "-1")]
    [InlineData("REDIS_TIMEOUT_MS", "5")]
    [InlineData("REDIS_CIRCUIT_BREAK_SECONDS", "forever")]
    [InlineData("OUTBOX_LEASE_SECONDS", "2")]
    public void Start_BadValue_FailsNamingTheVariable(string key, string value)
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(Path.GetTempPath(), $"whatssuite-bad-{Guid.NewGuid():N}", "whatssuite.db"));
        settings[key] = value;
        using var app = new WhatsSuiteApp(settings);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WildcardOriginInProduction_FailsNamingAllowedOrigins()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(Path.GetTempPath(), $"whatssuite-bad-{Guid.NewGuid():N}", "whatssuite.db"));
        settings["ALLOWED_ORIGINS"] = "*";
        settings["environment"] = "Production";
        using var app = new WhatsSuiteApp(settings);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("ALLOWED_ORIGINS", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("25MB", 25L * 1024 * 1024)]
    [InlineData("1gb", 1024L * 1024 * 1024)]
    [InlineData(null, 25L * 1024 * 1024)]
    public void ParseSize_AcceptedForms_GiveBytes(string? raw, long expected) =>
        Assert.Equal(expected, HttpEdgeSettings.ParseSize("HTTP_BODY_LIMIT", raw));
}
