using System.Net;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.HttpEdge;

/// <summary>ALLOWED_ORIGINS: exact origins with credentials; everything else gets no CORS headers.</summary>
public sealed class CorsTests(CorsTests.AllowedOriginsApp fixture) : IClassFixture<CorsTests.AllowedOriginsApp>
{
    private const string Allowed = "https://desk.example.com";

    private WhatsSuiteApp App => fixture.App;

    /// <summary>One embedded instance with two allowed origins, shared by the tests that only read its headers.</summary>
    public sealed class AllowedOriginsApp : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-cors-{Guid.NewGuid():N}");
        private WhatsSuiteApp? _app;

        public WhatsSuiteApp App => _app!;

        public Task InitializeAsync()
        {
            var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db"));
            settings["ALLOWED_ORIGINS"] = $"{Allowed}, https://other.example.com";
            _app = new WhatsSuiteApp(settings);
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/login");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
        return request;
    }

    [Fact]
    public async Task Get_AllowedOrigin_GetsOriginAndCredentialsHeaders()
    {
        using var client = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Add("Origin", Allowed);

        var response = await client.SendAsync(request);

        Assert.Equal(Allowed, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Fact]
    public async Task Get_DisallowedOrigin_GetsNoCorsHeaders()
    {
        using var client = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Add("Origin", "https://evil.example.net");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_AllowsMethodHeadersAndCredentials()
    {
        using var client = App.CreateClient();
        using var request = Preflight(Allowed);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example.net")]
    [InlineData("http://desk.example.com")]
    [InlineData("https://desk.example.com.evil.net")]
    public async Task Preflight_DisallowedOrigin_GetsNoCorsHeaders(string origin)
    {
        using var client = App.CreateClient();
        using var request = Preflight(origin);

        var response = await client.SendAsync(request);

        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Get_WildcardOutsideProduction_ReflectsAnyOriginWithCredentials()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"whatssuite-cors-any-{Guid.NewGuid():N}");
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(directory, "whatssuite.db"));
        settings["ALLOWED_ORIGINS"] = "*";
        try
        {
            await using var app = new WhatsSuiteApp(settings);
            using var client = app.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/health/live");
            request.Headers.Add("Origin", "http://localhost:5173");

            var response = await client.SendAsync(request);

            Assert.Equal("http://localhost:5173", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
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
}
