using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// Parallel guesses cannot pass the lockout: each attempt reserves its failure atomically before its password is
/// checked, so of sixty concurrent wrong passwords exactly <c>LOGIN_MAX_FAILED_ATTEMPTS</c> are verified, on two
/// server-mode instances as in embedded mode. Verifications are counted, not timed.
/// </summary>
public sealed class LockoutConcurrencyTests
{
    private const int Guesses = 60;
    private const int MaxFailures = 5;

    [Fact]
    public async Task Login_SixtyConcurrentWrongPasswordsOnTwoServerInstances_VerifyNoMoreThanTheLimit()
    {
        await using var database = await TestDatabase.CreateAsync();
        var hasher = new CountingHasher();
        var prefix = $"test-{Guid.NewGuid():N}";
        await using var first = new WhatsSuiteApp(Settings(WhatsSuiteApp.ServerSettings(database, prefix, "lock-race-a")), UseHasher(hasher));
        await using var second = new WhatsSuiteApp(Settings(WhatsSuiteApp.ServerSettings(database, prefix, "lock-race-b")), UseHasher(hasher));

        await AssertGuessesBoundedAsync(first, second, hasher);
    }

    [Fact]
    public async Task Login_SixtyConcurrentWrongPasswordsEmbedded_VerifyNoMoreThanTheLimit()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"whatssuite-lock-{Guid.NewGuid():N}");
        try
        {
            var hasher = new CountingHasher();
            await using var app = new WhatsSuiteApp(Settings(WhatsSuiteApp.EmbeddedSettings(Path.Combine(directory, "whatssuite.db"))), UseHasher(hasher));

            await AssertGuessesBoundedAsync(app, app, hasher);
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

    private static Dictionary<string, string?> Settings(Dictionary<string, string?> settings)
    {
        settings["LOGIN_MAX_FAILED_ATTEMPTS"] = MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    private static Action<IServiceCollection> UseHasher(CountingHasher hasher) =>
        services => services.Replace(ServiceDescriptor.Singleton<IPasswordHasher>(hasher));

    private static async Task AssertGuessesBoundedAsync(WhatsSuiteApp first, WhatsSuiteApp second, CountingHasher hasher)
    {
        using var admin = first.CreateClient();
        var adminToken = (await admin.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var user = await first.CreateSignedInUserAsync(adminToken, "AGENTE");
        using var a = first.CreateClient();
        using var b = second.CreateClient();
        hasher.Reset();

        using var start = new SemaphoreSlim(0);
        var guesses = Enumerable.Range(0, Guesses).Select(async i =>
        {
            await start.WaitAsync();
            return await (i % 2 == 0 ? a : b).LoginResponseAsync(user.Email, $"Wrong-password-{i:000}");
        }).ToList();
        start.Release(Guesses);
        var statuses = (await Task.WhenAll(guesses)).Select(r => r.StatusCode).ToList();
        var rightPassword = await a.LoginResponseAsync(user.Email, SignedInUser.Password);

        Assert.Equal(MaxFailures, hasher.Verifications);
        // Every answer counted by status, so a failure shows what came back instead of the guesses that were missing.
        Assert.Equal(
            $"401 x{MaxFailures - 1}, 423 x{Guesses - MaxFailures + 1}",
            string.Join(", ", statuses.GroupBy(s => (int)s).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")));
        await rightPassword.AssertProblemAsync(HttpStatusCode.Locked, "auth.account_locked");
        Assert.Equal(MaxFailures, hasher.Verifications);
    }
}
