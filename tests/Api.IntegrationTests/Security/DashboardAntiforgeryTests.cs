using System.Net;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>The dashboard's sign-in form carries an anti-forgery token: a cross-site form POST signs nobody in.</summary>
public sealed class DashboardAntiforgeryTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private static Dictionary<string, string> AdminCredentials() => new()
    {
        ["email"] = WhatsSuiteApp.AdminEmail,
        ["password"] = WhatsSuiteApp.AdminPassword,
    };

    private Task<int> AuthEventsAsync() => fixture.Database.QueryAsync(db => db.AuthEvents.CountAsync());

    [Fact]
    public async Task SignIn_FormPostWithoutToken_Returns400AndSignsNobodyIn()
    {
        using var browser = fixture.App.CreateClient(new() { AllowAutoRedirect = false });
        var before = await AuthEventsAsync();

        var response = await browser.PostAsync("/hangfire-login", new FormUrlEncodedContent(AdminCredentials()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("did not come from this page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("whatssuite_dashboard=", StringComparison.Ordinal));
        Assert.Equal(before, await AuthEventsAsync());
    }

    [Fact]
    public async Task SignIn_TokenFromAnotherBrowser_Returns400()
    {
        using var victim = fixture.App.CreateClient(new() { AllowAutoRedirect = false });
        using var attacker = fixture.App.CreateClient(new() { AllowAutoRedirect = false });
        var attackerPage = await attacker.GetStringAsync("/hangfire-login");
        await victim.GetStringAsync("/hangfire-login");

        var response = await victim.PostFormAsync("/hangfire-login", AdminCredentials(), attackerPage);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_CodeStepWithoutToken_Returns400()
    {
        using var browser = fixture.App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await browser.PostAsync("/hangfire-login/mfa", new FormUrlEncodedContent(new Dictionary<string, string> { ["challengeToken"] = "x", ["code"] = "123456" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_TheRealForm_OpensTheDashboard()
    {
        using var browser = fixture.App.CreateClient(new() { AllowAutoRedirect = false });
        var page = await browser.GetStringAsync("/hangfire-login");

        var response = await browser.PostFormAsync("/hangfire-login", AdminCredentials(), page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hangfire", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire")).StatusCode);
    }
}
