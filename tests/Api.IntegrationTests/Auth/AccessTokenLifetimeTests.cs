using System.Net;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Auth;

/// <summary>
/// An access token's lifetime is checked on the application's clock, the one that stamped it: the manual clock of
/// this instance starts fourteen minutes behind the real one and is moved by hand, and the token expires when that
/// clock says so (15 minutes, JWT_EXPIRES_IN's default, plus 30 seconds of skew), whatever the real time.
/// </summary>
public sealed class AccessTokenLifetimeTests(MfaFixture fixture) : IClassFixture<MfaFixture>
{
    [Fact]
    public async Task Request_ApplicationClockPastTheTokensExpiry_Returns401()
    {
        using var anonymous = fixture.App.CreateClient();
        var token = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        using var client = fixture.App.CreateClient().WithBearer(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(31));
        try
        {
            await (await client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        finally
        {
            fixture.Clock.Advance(-(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(31)));
        }
    }

    [Fact]
    public async Task Request_ApplicationClockWithinTheTokensLifetimeAndSkew_IsAccepted()
    {
        using var anonymous = fixture.App.CreateClient();
        var token = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        using var client = fixture.App.CreateClient().WithBearer(token);

        fixture.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(20));
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        }
        finally
        {
            fixture.Clock.Advance(-(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(20)));
        }
    }
}
