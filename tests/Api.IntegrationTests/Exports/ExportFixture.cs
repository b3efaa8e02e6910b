using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Exports;

/// <summary>One server-mode instance whose filtered conversation exports hold at most <see cref="SyncMax"/> conversations.</summary>
public sealed class ExportFixture : IAsyncLifetime
{
    public const int SyncMax = 3;

    private TestDatabase? _database;
    private WhatsSuiteApp? _app;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

    public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}");
        settings["CONVERSATION_EXPORT_SYNC_MAX"] = SyncMax.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _app = new WhatsSuiteApp(settings);
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
