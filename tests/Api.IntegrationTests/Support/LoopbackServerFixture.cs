using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// One server-mode instance (PostgreSQL + Redis, a database of its own) served by a real Kestrel on a free loopback
/// port, for clients outside this process (the JavaScript SignalR client): the in-memory test server of the other
/// fixtures answers only the handlers it hands out, never a socket. <see cref="WhatsSuiteApp.CreateClient()"/> talks
/// to the same listener over TCP.
/// </summary>
public sealed class LoopbackServerFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private WhatsSuiteApp? _app;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

    public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

    /// <summary>Where Kestrel listens, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string RedisPrefix { get; } = $"test-{Guid.NewGuid():N}";

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(_database, RedisPrefix, "loopback-1"));
        _app.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        _app.StartServer();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
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
