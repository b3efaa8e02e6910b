using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Exports;

/// <summary>
/// Two server-mode instances on one database and one Redis prefix (the same sign-ins work on both): <see cref="App"/>
/// answers at most <see cref="SyncMax"/> conversations in the request and writes larger sets to files with its job
/// server; <see cref="StreamingApp"/> (no job server) streams every set, the reference a file is compared with.
/// </summary>
public sealed class ConversationExportFileFixture : IAsyncLifetime
{
    public const int SyncMax = 2;

    private TestDatabase? _database;
    private WhatsSuiteApp? _app;
    private WhatsSuiteApp? _streamingApp;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

    public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

    public WhatsSuiteApp StreamingApp => _streamingApp ?? throw new InvalidOperationException("Fixture not initialized.");

    public string ArchiveDirectory { get; } = Path.Combine(Path.GetTempPath(), $"whatssuite-exports-{Guid.NewGuid():N}");

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var prefix = $"test-{Guid.NewGuid():N}";
        var settings = WhatsSuiteApp.ServerSettings(_database, prefix);
        settings["CONVERSATION_EXPORT_SYNC_MAX"] = SyncMax.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["ARCHIVE_DIR"] = ArchiveDirectory;
        _app = new WhatsSuiteApp(settings);
        using (var client = _app.CreateClient())
        {
            AdminToken = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        }

        var streaming = WhatsSuiteApp.ServerSettings(_database, prefix, "test-2");
        streaming["CONVERSATION_EXPORT_SYNC_MAX"] = "1000000";
        streaming["ARCHIVE_DIR"] = ArchiveDirectory;
        streaming["HANGFIRE_SERVER_ENABLED"] = "false";
        _streamingApp = new WhatsSuiteApp(streaming);
        _ = _streamingApp.Services;
    }

    public async Task DisposeAsync()
    {
        if (_streamingApp is not null)
        {
            await _streamingApp.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (Directory.Exists(ArchiveDirectory))
        {
            Directory.Delete(ArchiveDirectory, recursive: true);
        }
    }
}
