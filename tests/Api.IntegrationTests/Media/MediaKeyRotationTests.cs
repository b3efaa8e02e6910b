using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Media;
using WhatsSuite.Domain.Media;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Media;
using WhatsSuite.Infrastructure.Security;

namespace WhatsSuite.Api.IntegrationTests.Media;

/// <summary>
/// <c>rotate-media-key</c>: after <c>MEDIA_ENCRYPTION_KEY</c> changed (the old key in <c>MEDIA_ENCRYPTION_OLD_KEYS</c>),
/// an ADMIN starts the rotation, the background job re-encrypts every file (old-key and plaintext ones) under the new
/// key as <c>job:rotate-media-key</c>, and then every file decrypts with the new key alone: the old key can go.
/// </summary>
public sealed class MediaKeyRotationTests : IAsyncLifetime
{
    private static readonly byte[] OldKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] NewKey = RandomNumberGenerator.GetBytes(32);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-rotation-{Guid.NewGuid():N}");
    private readonly RecordingKeyRotations _rotations = new();
    private TestDatabase? _database;
    private WhatsSuiteApp? _app;

    private WhatsSuiteApp App => _app!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}");
        settings["MEDIA_STORAGE_DIR"] = _directory;
        settings["MEDIA_ENCRYPTION_ENABLED"] = "true";
        settings["MEDIA_ENCRYPTION_KEY"] = Convert.ToBase64String(NewKey);
        settings["MEDIA_ENCRYPTION_OLD_KEYS"] = Convert.ToBase64String(OldKey);
        _app = new WhatsSuiteApp(settings, services => services.AddSingleton<IMediaKeyRotations>(_rotations));
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

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task RotateMediaKey_FilesUnderTheOldKeyAndPlaintext_AreReencryptedAndReadableWithTheNewKeyAlone()
    {
        var connection = await new MessagingSeeder(App).ConnectionAsync();
        var files = new Dictionary<string, byte[]>();
        for (var i = 0; i < 3; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(70_000 + i);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var key = MediaKeys.Stored(connection.Id, sha);

            // Two files written under the old key, one in plaintext (written while encryption was off).
            var old = i < 2 ? Store(OldKey) : Store(OldKey, encrypted: false);
            var keyId = await old.WriteAsync(key, new MemoryStream(bytes), CancellationToken.None);
            await App.QueryAsync(async db =>
            {
                db.MediaObjects.Add(MediaObject.Create(connection.Id, sha, key, bytes.Length, "application/octet-stream", keyId, DateTimeOffset.UtcNow));
                return await db.SaveChangesAsync();
            });
            files[key] = bytes;
        }

        using var anonymous = App.CreateClient();
        var admin = await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        using var client = App.CreateClient().WithBearer(admin.AccessToken);
        using var started = await client.PostAsync("/api/v1/media/rotate-key", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var body = await started.ReadJsonAsync();
        var newKeyId = AesGcmSecretProtector.KeyId(NewKey);
        Assert.Equal(newKeyId, body.GetProperty("keyId").GetString());
        Assert.Equal(3, body.GetProperty("files").GetInt32());
        var (startedKey, total) = Assert.Single(_rotations.Started);
        Assert.Equal(newKeyId, startedKey);

        // The background job, as Hangfire runs it.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MediaKeyRotationJob>().RunAsync(startedKey, 0, 0, total, CancellationToken.None);
        }

        Assert.Empty(_rotations.Continued);
        Assert.All(await App.QueryAsync(db => db.MediaObjects.Select(o => o.KeyId).ToListAsync()), k => Assert.Equal(newKeyId, k));
        var newOnly = Store(NewKey);
        foreach (var (key, bytes) in files)
        {
            var onDisk = await File.ReadAllBytesAsync(Path.Combine(_directory, key));
            Assert.True(MediaEncryption.IsEncrypted(onDisk));
            Assert.Equal(newKeyId, MediaEncryption.KeyIdOf(onDisk));
            await using var read = (await newOnly.OpenReadAsync(key, 0, CancellationToken.None))!;
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        Assert.Empty(Directory.Exists(Path.Combine(_directory, "incoming")) ? Directory.GetFiles(Path.Combine(_directory, "incoming")) : []);
        await Eventually.TrueAsync(
            async () => await App.QueryAsync(db => db.AuditLogs.AnyAsync(a => a.ActorId == "job:rotate-media-key" && a.Action == "RecordMediaReencrypted" && a.Reason == "re-encrypted 3 files")),
            "each batch is audited as the rotation's system actor");

        // Nothing is left to rotate: a second start finds no file and queues nothing.
        using var again = await client.PostAsync("/api/v1/media/rotate-key", null);
        Assert.Equal(0, (await again.ReadJsonAsync()).GetProperty("files").GetInt32());
        Assert.Single(_rotations.Started);
    }

    /// <summary>A media store over the test's directory with <paramref name="key"/> as its only key.</summary>
    private MediaStore Store(byte[] key, bool encrypted = true)
    {
        var settings = new MediaSettings
        {
            StorageDirectory = _directory,
            EncryptionEnabled = encrypted,
            CurrentKey = key,
            Keys = new Dictionary<string, byte[]> { [AesGcmSecretProtector.KeyId(key)] = key },
            SigningKey = new byte[32],
            Options = new MediaOptions(),
        };
        return new MediaStore(new LocalMediaBlobStore(settings), settings);
    }

    private sealed class RecordingKeyRotations : IMediaKeyRotations
    {
        public ConcurrentQueue<(string KeyId, int Total)> Started { get; } = new();

        public ConcurrentQueue<(string KeyId, int Skipped, int Done, int Total)> Continued { get; } = new();

        public void Start(string keyId, int total) => Started.Enqueue((keyId, total));

        public void Continue(string keyId, int skipped, int done, int total) => Continued.Enqueue((keyId, skipped, done, total));
    }
}
