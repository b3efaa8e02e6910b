using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Campaigns;

/// <summary>A server-mode instance for the campaign endpoints, with a small audience file limit (64 KiB) to test it.</summary>
public sealed class CampaignsFixture : IAsyncLifetime
{
    public const int MaxFileBytes = 64 * 1024;

    private TestDatabase? _database;
    private WhatsSuiteApp? _app;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

    public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}");
        settings["CAMPAIGN_AUDIENCE_FILE_MAX_BYTES"] = $"{MaxFileBytes}";
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
