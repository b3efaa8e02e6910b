using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Auth;

/// <summary>
/// Three wrong passwords within the window lock the account, whichever instance they reach. The clock is
/// moved by hand to leave the window.
/// </summary>
public sealed class LockoutTests : IAsyncLifetime
{
    private readonly TickingClock _clock = new();
    private TestDatabase? _database;
    private WhatsSuiteApp? _first;
    private WhatsSuiteApp? _second;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var prefix = $"test-{Guid.NewGuid():N}";
        _first = new WhatsSuiteApp(Settings(prefix, "lock-a"), UseClock);
        _second = new WhatsSuiteApp(Settings(prefix, "lock-b"), UseClock);
        _first.CreateClient().Dispose();
        _second.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await _first!.DisposeAsync();
        await _second!.DisposeAsync();
        await _database!.DisposeAsync();
    }

    private Dictionary<string, string?> Settings(string prefix, string instance)
    {
        var settings = WhatsSuiteApp.ServerSettings(_database!, prefix, instance);
        settings["LOGIN_MAX_FAILED_ATTEMPTS"] = "3";
        settings["LOGIN_LOCKOUT_MINUTES"] = "15";
        return settings;
    }

    private void UseClock(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));

    private async Task<SignedInUser> NewUserAsync()
    {
        using var client = _first!.CreateClient();
        var admin = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        return await _first.CreateSignedInUserAsync(admin, "AGENTE");
    }

    [Fact]
    public async Task Login_ThirdFailureAcrossInstances_LocksTheAccountEvenForTheRightPassword()
    {
        var user = await NewUserAsync();
        using var a = _first!.CreateClient();
        using var b = _second!.CreateClient();

        await (await a.LoginResponseAsync(user.Email, "Wrong-password-001")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await b.LoginResponseAsync(user.Email, "Wrong-password-002")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var third = await a.LoginResponseAsync(user.Email, "Wrong-password-003");
        var rightPassword = await b.LoginResponseAsync(user.Email, SignedInUser.Password);

        await third.AssertProblemAsync(HttpStatusCode.Locked, "auth.account_locked");
        await rightPassword.AssertProblemAsync(HttpStatusCode.Locked, "auth.account_locked");
        var retryAfter = rightPassword.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal(1, await _first!.QueryAsync(db => db.AuthEvents.CountAsync(e => e.UserId == user.Id && e.Type == AuthEventType.AccountLocked)));
    }

    [Fact]
    public async Task Login_AfterTheLockWindow_SucceedsAgain()
    {
        var user = await NewUserAsync();
        using var client = _first!.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.LoginResponseAsync(user.Email, $"Wrong-password-{i:000}");
        }

        await (await client.LoginResponseAsync(user.Email, SignedInUser.Password)).AssertProblemAsync(HttpStatusCode.Locked);

        _clock.Advance(TimeSpan.FromMinutes(16));
        var later = await client.LoginResponseAsync(user.Email, SignedInUser.Password);
        _clock.Advance(-TimeSpan.FromMinutes(16));

        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Login_SuccessBetweenFailures_StartsTheCountAgain()
    {
        var user = await NewUserAsync();
        using var client = _first!.CreateClient();
        await client.LoginResponseAsync(user.Email, "Wrong-password-001");
        await client.LoginResponseAsync(user.Email, "Wrong-password-002");
        Assert.Equal(HttpStatusCode.OK, (await client.LoginResponseAsync(user.Email, SignedInUser.Password)).StatusCode);

        await client.LoginResponseAsync(user.Email, "Wrong-password-003");
        var fourth = await client.LoginResponseAsync(user.Email, "Wrong-password-004");

        await fourth.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [Fact]
    public async Task Login_LockedAccount_DoesNotLockOtherUsers()
    {
        var locked = await NewUserAsync();
        var other = await NewUserAsync();
        using var client = _first!.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.LoginResponseAsync(locked.Email, $"Wrong-password-{i:000}");
        }

        var response = await client.LoginResponseAsync(other.Email, SignedInUser.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Real time plus an offset the test moves: events keep their order, and the window can be left.</summary>
    private sealed class TickingClock : TimeProvider
    {
        private long _offsetTicks;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
