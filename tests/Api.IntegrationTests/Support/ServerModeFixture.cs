namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>One server-mode instance (PostgreSQL + Redis) with its own database, shared by a test class.</summary>
public sealed class ServerModeFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private WhatsSuiteApp? _app;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

    public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

    public string RedisPrefix { get; } = $"test-{Guid.NewGuid():N}";

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(_database, RedisPrefix));
        using var client = _app.CreateClient();
        AdminToken = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
