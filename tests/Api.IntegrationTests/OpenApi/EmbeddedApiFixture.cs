using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>One embedded-mode instance (SQLite, with the sandbox connection) and its served OpenAPI document, shared by a test class.</summary>
public sealed class EmbeddedApiFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-openapi-{Guid.NewGuid():N}");
    private WhatsSuiteApp? _app;
    private OpenApiDocument? _document;

    public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

    public OpenApiDocument Document => _document ?? throw new InvalidOperationException("Fixture not initialized.");

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db"));
        _app = new WhatsSuiteApp(settings);
        using var client = _app.CreateClient();
        AdminToken = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        _document = await OpenApiDocument.LoadAsync(client);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
