using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Connections;

/// <summary>A server-mode instance whose Graph API is a local fake, so credentials checks stay on this machine.</summary>
public sealed class ConnectionsFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private WhatsSuiteApp? _app;
    private FakeGraphApi? _graph;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

    public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

    public FakeGraphApi Graph => _graph ?? throw new InvalidOperationException("Fixture not initialized.");

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraphApi.StartAsync();
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}");
        settings["WHATSAPP_GRAPH_BASE_URL"] = _graph.BaseUrl.AbsoluteUri;
        settings["WHATSAPP_GRAPH_VERSION"] = "v23.0";
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

        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }
    }
}
