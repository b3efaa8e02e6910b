using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using WhatsSuite.Api.Infrastructure.HttpEdge;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.HttpEdge;

public sealed partial class SecurityHeadersTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private static void AssertSecurityHeaders(HttpResponseMessage response, string expectedPolicy)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})";
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", $"nosniff on {what}");
        Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frame) && frame.Single() == "DENY", $"X-Frame-Options on {what}");
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "no-referrer", $"Referrer-Policy on {what}");
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Single() == expectedPolicy, $"CSP on {what}");
        Assert.False(response.Headers.Contains("Server"), $"no Server header on {what}");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), $"no HSTS over plain HTTP on {what}");
    }

    [Fact]
    public async Task Responses_OfRepresentativeEndpoints_CarryTheSecurityHeaders()
    {
        using var anonymous = fixture.App.CreateClient(new() { AllowAutoRedirect = false });
        using var admin = fixture.App.CreateClient(new() { AllowAutoRedirect = false }).WithBearer(fixture.AdminToken);
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        browser.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var api = new List<HttpResponseMessage>
        {
            await anonymous.GetAsync("/api/v1/health/live"),
            await anonymous.GetAsync("/api/v1/auth/me"),
            await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.test", password = "wrong-password-123" }),
            await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "" }),
            await anonymous.GetAsync("/does-not-exist"),
            await admin.GetAsync("/api/v1/users"),
            await admin.DeleteAsync("/api/v1/health/live"),
        };
        var swagger = new[] { await anonymous.GetAsync("/swagger/index.html"), await anonymous.GetAsync("/swagger/v1/swagger.json") };
        var dashboard = new[] { await anonymous.GetAsync("/hangfire-login"), await anonymous.SendAsync(browser), await anonymous.GetAsync("/hangfire"), await admin.GetAsync("/hangfire") };

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.MethodNotAllowed],
            api.Select(r => r.StatusCode));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], swagger.Select(r => r.StatusCode));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.Unauthorized, HttpStatusCode.OK], dashboard.Select(r => r.StatusCode));
        api.ForEach(r => AssertSecurityHeaders(r, SecurityHeadersMiddleware.ApiPolicy));
        Assert.All(swagger, r => AssertSecurityHeaders(r, SecurityHeadersMiddleware.SwaggerPolicy));
        Assert.All(dashboard, r => AssertSecurityHeaders(r, SecurityHeadersMiddleware.DashboardPolicy));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", SecurityHeadersMiddleware.ApiPolicy);
    }

    [Theory]
    [InlineData("/swagger/index.html")]
    [InlineData("/hangfire")]
    [InlineData("/hangfire-login")]
    public async Task HtmlPages_LoadScriptsOnlyFromFiles_SoScriptSrcSelfSuffices(string path)
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        var scripts = ScriptTag().Matches(html);
        Assert.All(scripts, tag => Assert.Contains("src=\"", tag.Value, StringComparison.Ordinal));
        Assert.All(scripts, tag => Assert.DoesNotContain("//", tag.Groups["src"].Value, StringComparison.Ordinal));
        Assert.DoesNotMatch(InlineHandler(), html);
    }

    [Fact]
    public async Task HttpsRequest_GetsStrictTransportSecurity()
    {
        using var client = fixture.App.CreateClient(new() { BaseAddress = new Uri("https://localhost") });

        var response = await client.GetAsync("/api/v1/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=15552000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [GeneratedRegex("<script(?<attrs>[^>]*?(src=\"(?<src>[^\"]*)\")?[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("\\son(click|load|error|submit|change)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
