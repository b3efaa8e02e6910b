using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Jobs;

namespace WhatsSuite.Api.IntegrationTests.Media;

/// <summary>
/// One server-mode instance whose Graph API is a <see cref="FakeGraphApi"/>, whose media lives in a directory of its
/// own (encrypted), with <c>MEDIA_MAX_BYTES</c> of <see cref="MaxBytes"/> and <see cref="MaxAttempts"/> download
/// attempts. Downloads are not handed to Hangfire: <see cref="Downloads"/> records them and the tests run
/// <see cref="MediaDownloadJob"/> themselves, one attempt at a time.
/// </summary>
public sealed class MediaFixture : IAsyncLifetime
{
    public const int MaxBytes = 200 * 1024;
    public const int MaxAttempts = 3;

    private TestDatabase? _database;
    private WhatsSuiteApp? _app;

    public string StorageDirectory { get; } = Path.Combine(Path.GetTempPath(), $"whatssuite-media-{Guid.NewGuid():N}");

    public FakeGraphApi Graph { get; private set; } = null!;

    public RecordingMediaDownloads Downloads { get; } = new();

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

    public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Graph = await FakeGraphApi.StartAsync();
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}");
        settings["WHATSAPP_GRAPH_BASE_URL"] = Graph.BaseUrl.AbsoluteUri;
        settings["MEDIA_STORAGE_DIR"] = StorageDirectory;
        settings["MEDIA_ENCRYPTION_ENABLED"] = "true";
        settings["MEDIA_MAX_BYTES"] = MaxBytes.ToString(CultureInfo.InvariantCulture);
        settings["MEDIA_DOWNLOAD_MAX_ATTEMPTS"] = MaxAttempts.ToString(CultureInfo.InvariantCulture);
        _app = new WhatsSuiteApp(settings, services => services.AddSingleton<IMediaDownloads>(Downloads));
        using var client = _app.CreateClient();
        AdminToken = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
    }

    /// <summary>
    /// Runs one download attempt of the message's media, as Hangfire would once the attempt is due (a retry's backoff
    /// is not waited for: the attempt is made due first).
    /// </summary>
    public async Task RunDownloadAsync(Guid messageId)
    {
        var now = DateTimeOffset.UtcNow;
        await App.QueryAsync(db => db.Messages.Where(m => m.Id == messageId && m.MediaStatus == MediaStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.MediaNextAttemptAt, now)));
        await RunDownloadJobAsync(messageId);
    }

    /// <summary>Runs the download job of the message as it stands (due or not, claimed or not).</summary>
    public async Task RunDownloadJobAsync(Guid messageId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MediaDownloadJob>().RunAsync(messageId, CancellationToken.None);
    }

    /// <summary>Runs the recurring media sweep once.</summary>
    public async Task RunSweepAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MediaSweepJob>().RunAsync(CancellationToken.None);
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

        await Graph.DisposeAsync();
        if (Directory.Exists(StorageDirectory))
        {
            Directory.Delete(StorageDirectory, recursive: true);
        }
    }
}

/// <summary>Records the downloads the application asks for, instead of running them.</summary>
public sealed class RecordingMediaDownloads : IMediaDownloads
{
    public ConcurrentQueue<Guid> Enqueued { get; } = new();

    public ConcurrentQueue<(Guid MessageId, TimeSpan Delay)> Scheduled { get; } = new();

    public void Enqueue(Guid messageId) => Enqueued.Enqueue(messageId);

    public void Schedule(Guid messageId, TimeSpan delay) => Scheduled.Enqueue((messageId, delay));
}
