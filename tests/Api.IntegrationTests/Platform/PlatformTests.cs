using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Platform;

public sealed class PlatformTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private static readonly string[] UsersRead = ["users:read"];

    [Fact]
    public async Task Live_Returns200WithServiceAndInstance()
    {
        using var client = fixture.App.CreateClient();

        var body = await (await client.GetAsync("/api/v1/health/live")).ReadJsonAsync();

        Assert.True(body.GetProperty("healthy").GetBoolean());
        Assert.Equal("whatssuite-api", body.GetProperty("service").GetString());
        Assert.Equal("test-1", body.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Ready_ServerMode_ReportsDatabaseRedisAndHangfireHealthy()
    {
        using var client = fixture.App.CreateClient();

        var response = await client.GetAsync("/api/v1/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("Server", body.GetProperty("mode").GetString());
        foreach (var check in new[] { "database", "redis", "hangfire" })
        {
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task RedisDown_ReadyAndSignInAnswer503()
    {
        var settings = WhatsSuiteApp.ServerSettings(fixture.Database, $"test-{Guid.NewGuid():N}", "no-redis");
        TestEnvironment.RedisDown(settings);
        await using var app = new WhatsSuiteApp(settings);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/v1/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var checks = (await response.ReadJsonAsync()).GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health/live")).StatusCode);

        // Signing in needs the session store: without Redis it is a retryable 503, not a 500.
        var login = await client.LoginResponseAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        await login.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "dependency_unavailable");
        Assert.NotNull(login.Headers.RetryAfter);
    }

    [Fact]
    public async Task Responses_CarryARequestIdAndNoServerHeader()
    {
        using var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Request-Id", "caller-chosen-id-1");

        var response = await client.GetAsync("/api/v1/health/live");

        Assert.Equal("caller-chosen-id-1", response.Headers.GetValues("X-Request-Id").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task OpenApi_DocumentsBearerSchemeAndProblemResponsesForEveryOperation()
    {
        using var client = fixture.App.CreateClient();

        var response = await client.GetAsync("/swagger/v1/swagger.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadJsonAsync();
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var operations = 0;
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var responses = operation.Value.GetProperty("responses");
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('2')), $"{name} documents its success answer");
                if (path.Name.StartsWith("/api/v1/health", StringComparison.Ordinal))
                {
                    continue;
                }

                Assert.True(responses.TryGetProperty("400", out var bad), $"{name} documents 400");
                Assert.True(bad.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{name} 400 is problem+json");
                Assert.True(responses.TryGetProperty("500", out _), $"{name} documents 500");
                var isAnonymous = path.Name is "/api/v1/auth/login" or "/api/v1/auth/refresh" or "/api/v1/auth/login/mfa" or "/api/v1/webhooks/whatsapp/{connectionId}" or "/api/v1/webhooks/whatsapp/apps/{metaAppId}" or "/api/v1/media/{messageId}";
                Assert.Equal(!isAnonymous, operation.Value.TryGetProperty("security", out _));
                if (!isAnonymous)
                {
                    Assert.True(responses.TryGetProperty("401", out _), $"{name} documents 401");
                    Assert.True(responses.TryGetProperty("403", out _), $"{name} documents 403");
                }
            }
        }

        Assert.True(operations >= 14, $"expected every endpoint in the document, found {operations}");
    }

    [Fact]
    public async Task SwaggerUi_IsServed()
    {
        using var client = fixture.App.CreateClient();

        var response = await client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HangfireDashboard_Anonymous_IsRefusedAndBrowsersAreSentToSignIn()
    {
        using var client = fixture.App.CreateClient(new() { AllowAutoRedirect = false });

        var api = await client.GetAsync("/hangfire");
        using var browserRequest = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        browserRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var browser = await client.SendAsync(browserRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, browser.StatusCode);
        Assert.Equal("/hangfire-login", browser.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("AGENTE")]
    [InlineData("SUPERVISOR")]
    public async Task HangfireDashboard_NonAdmin_Returns403(string role)
    {
        var user = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, role);
        using var client = fixture.App.CreateClient().WithBearer(user.Token);

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task HangfireDashboard_AdminSignsInThroughTheFormAndGetsTheDashboard()
    {
        using var client = fixture.App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/hangfire-login");
        Assert.Contains("<form", page, StringComparison.Ordinal);

        var signIn = await client.PostFormAsync("/hangfire-login", new Dictionary<string, string>
        {
            ["email"] = WhatsSuiteApp.AdminEmail,
            ["password"] = WhatsSuiteApp.AdminPassword,
        }, page);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/hangfire", cookie, StringComparison.OrdinalIgnoreCase);
        var dashboard = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("WhatsSuite jobs", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HangfireDashboard_WrongPasswordOnTheForm_SetsNoCookie()
    {
        using var client = fixture.App.CreateClient(new() { AllowAutoRedirect = false });

        var signIn = await client.PostFormAsync("/hangfire-login", new Dictionary<string, string>
        {
            ["email"] = WhatsSuiteApp.AdminEmail,
            ["password"] = "Wrong-password-123",
        });

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Logs_NeverContainPasswordsTokensKeysOrAuthorizationHeaders()
    {
        const string password = "Secret-for-log-scan-31";
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var email = $"logscan-{Guid.NewGuid():N}@example.test";
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, fullName = "Log Scan", role = "AGENTE", password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var client = fixture.App.CreateClient();
        var login = await client.LoginAsync(email, password);
        await client.LoginResponseAsync(email, "Wrong-" + password);
        var changed = await client.WithBearer(login.AccessToken).PostAsJsonAsync("/api/v1/auth/change-password", new { currentPassword = password, newPassword = password + "-new" });
        var afterChange = JsonSerializer.Deserialize<TokenResponse>(await changed.Content.ReadAsStringAsync(), ApiClient.Json)!;
        var refreshed = JsonSerializer.Deserialize<TokenResponse>(
            await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = afterChange.RefreshToken })).Content.ReadAsStringAsync(), ApiClient.Json)!;
        await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = afterChange.RefreshToken });
        var keyResponse = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "log scan", scopes = UsersRead })).ReadJsonAsync();
        var apiKey = keyResponse.GetProperty("key").GetString()!;
        using var keyClient = fixture.App.CreateClient();
        keyClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
        Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync("/api/v1/users")).StatusCode);
        await fixture.App.CreateClient().PostFormAsync("/hangfire-login", new Dictionary<string, string> { ["email"] = email, ["password"] = password + "-new" });

        var logs = fixture.App.Logs.ToArray();

        Assert.Contains(logs, l => l.Contains("LoginCommand", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("RefreshAccessTokenCommand", StringComparison.Ordinal));
        var secrets = new[]
        {
            password, "Wrong-" + password, password + "-new", login.AccessToken, login.RefreshToken, afterChange.AccessToken, afterChange.RefreshToken,
            refreshed.AccessToken, refreshed.RefreshToken, apiKey, fixture.AdminToken, TestEnvironment.JwtSecret, WhatsSuiteApp.AdminPassword,
        };
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(logs, l => l.Contains("Authorization: Bearer", StringComparison.OrdinalIgnoreCase));
    }
}
