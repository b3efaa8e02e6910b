using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// Two server-mode instances on one PostgreSQL database and one Redis, as in production. Instance A's
/// password check can be held at a <see cref="Gate"/>, to interleave a sign-in with a change made on B.
/// </summary>
public sealed class TwoInstancesFixture : IAsyncLifetime
{
    private readonly string _redisPrefix = $"test-{Guid.NewGuid():N}";
    private TestDatabase? _database;
    private WhatsSuiteApp? _a;
    private WhatsSuiteApp? _b;

    public TestDatabase Database => _database!;

    public WhatsSuiteApp A => _a!;

    public WhatsSuiteApp B => _b!;

    /// <summary>Holds instance A's next password verification (a sign-in that has already read the user).</summary>
    public Gate PasswordCheckOnA { get; } = new();

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _a = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(_database, _redisPrefix, "instance-a"), services =>
        {
            var real = (IPasswordHasher)services.Single(d => d.ServiceType == typeof(IPasswordHasher)).ImplementationInstance!;
            services.AddSingleton<IPasswordHasher>(new GatedPasswordHasher(real, PasswordCheckOnA));
        });
        _b = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(_database, _redisPrefix, "instance-b"));
        _b.CreateClient().Dispose();
        using var client = _a.CreateClient();
        AdminToken = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
    }

    public async Task DisposeAsync()
    {
        await _a!.DisposeAsync();
        await _b!.DisposeAsync();
        await _database!.DisposeAsync();
    }

    private sealed class GatedPasswordHasher(IPasswordHasher inner, Gate gate) : IPasswordHasher
    {
        public string Hash(string password) => inner.Hash(password);

        public bool Verify(string password, string hash)
        {
            gate.Pass();
            return inner.Verify(password, hash);
        }

        public void VerifyAgainstDummy(string password) => inner.VerifyAgainstDummy(password);
    }
}
