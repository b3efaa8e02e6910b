using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Api.IntegrationTests.Auth;

/// <summary>
/// An unknown e-mail must cost one password verification, like a wrong password, so that timing does not
/// reveal which accounts exist. Proven by counting verifications, not by measuring time.
/// </summary>
public sealed class LoginTimingTests : IAsyncLifetime
{
    private readonly CountingHasher _hasher = new();
    private TestDatabase? _database;
    private WhatsSuiteApp? _app;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new WhatsSuiteApp(
            WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}"),
            services => services.Replace(ServiceDescriptor.Singleton<IPasswordHasher>(_hasher)));
        _app.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await _app!.DisposeAsync();
        await _database!.DisposeAsync();
    }

    [Fact]
    public async Task Login_UnknownEmail_VerifiesAgainstADummyHashOnce()
    {
        using var client = _app!.CreateClient();
        _hasher.Reset();

        var response = await client.LoginResponseAsync("nobody@example.test", "Not-the-password-0");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _hasher.DummyVerifications);
        Assert.Equal(0, _hasher.Verifications);
    }

    [Fact]
    public async Task Login_WrongPassword_VerifiesAgainstTheRealHashOnce()
    {
        using var client = _app!.CreateClient();
        _hasher.Reset();

        var response = await client.LoginResponseAsync(WhatsSuiteApp.AdminEmail, "Not-the-password-0");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _hasher.DummyVerifications);
        Assert.Equal(1, _hasher.Verifications);
    }
}
