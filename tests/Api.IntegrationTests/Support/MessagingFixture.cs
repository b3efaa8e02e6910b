using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Background;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// One server-mode instance for messaging tests: its own database, a <see cref="ManualClock"/>, a fake
/// Cloud API gateway and <c>OUTBOX_MAX_ATTEMPTS</c> of <see cref="MaxAttempts"/>.
/// </summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    public const int MaxAttempts = 3;

    private TestDatabase? _database;
    private WhatsSuiteApp? _app;

    public ManualClock Clock { get; } = new();

    public FakeWhatsAppGateway Gateway { get; private set; } = null!;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

    public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

    public MessagingSeeder Seeder { get; private set; } = null!;

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Gateway = new FakeWhatsAppGateway(Clock);
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}");
        settings["OUTBOX_MAX_ATTEMPTS"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _app = new WhatsSuiteApp(settings, services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IWhatsAppGateway>(Gateway);
        });
        Seeder = new MessagingSeeder(_app);
        using var client = _app.CreateClient();
        AdminToken = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
    }

    public HttpClient Client(string token) => App.CreateClient().WithBearer(token);

    /// <summary>Moves the clock past any retry delay and wakes the dispatcher.</summary>
    public void AdvanceAndWake(TimeSpan by)
    {
        Clock.Advance(by);
        App.Services.GetRequiredService<BackgroundWorkSignal>().Notify(BackgroundWork.Outbox);
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
