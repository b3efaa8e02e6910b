using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Media;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Media;

/// <summary>
/// The S3-compatible media store against a real S3 server on loopback (s3rver, started by <c>scripts/test.sh</c>,
/// <c>WHATSSUITE_TEST_S3</c>): an inbound file is downloaded, stored encrypted as an object of the bucket and served
/// with byte ranges; a file larger than one part goes up as a multipart upload and reads back from any offset; a
/// write whose content fails leaves nothing under its key.
/// </summary>
public sealed class S3MediaStoreTests(S3MediaFixture fixture) : IClassFixture<S3MediaFixture>
{
    [Fact]
    public async Task Download_ValidImage_IsStoredEncryptedInTheBucketAndServedWithRanges()
    {
        var queue = await new ConversationSeeder(fixture.App, fixture.AdminToken).QueueAsync();
        var connection = await new MessagingSeeder(fixture.App).ConnectionAsync(ConnectionProvider.CloudApi, queueId: queue);
        var conversation = await new ConversationSeeder(fixture.App, fixture.AdminToken).ConversationAsync(connection.Id, queue, ConversationStatus.UNASSIGNED);
        var image = new byte[150 * 1024];
        new Random(21).NextBytes(image);
        ((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]).CopyTo(image);
        var media = new MediaInfo($"media-{Guid.NewGuid():N}", "image/png", Convert.ToBase64String(SHA256.HashData(image)), "photo.png");
        fixture.Graph.EnqueueMediaDownload(media.Id!, $"\"mime_type\":\"image/png\",\"file_size\":{image.Length},\"id\":\"x\"", FakeGraphAnswer.Binary(image, "image/png"));
        var messageId = await fixture.App.QueryAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var message = Message.Inbound(conversation, connection.Id, $"wamid.{Guid.NewGuid():N}", MessageTypes.Image, null, "{}", null, media, now, now);
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });

        await fixture.RunDownloadAsync(messageId);

        Assert.Equal(MediaStatus.Available, await fixture.App.QueryAsync(db => db.Messages.Where(m => m.Id == messageId).Select(m => m.MediaStatus).SingleAsync()));
        var key = await fixture.App.QueryAsync(db => db.Messages.Where(m => m.Id == messageId).Select(m => db.MediaObjects.Single(o => o.Id == m.MediaObjectId).StorageKey).SingleAsync());
        var stored = await fixture.ObjectAsync(key);
        Assert.True(MediaEncryption.IsEncrypted(stored));
        Assert.False(stored.AsSpan().IndexOf(image.AsSpan(70_000, 64)) >= 0);
        Assert.False(Directory.Exists(Path.Combine(fixture.StorageDirectory, "media")));

        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var path = $"/api/v1/conversations/{conversation}/messages/{messageId}/media";
        using (var whole = await admin.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal(image, await whole.Content.ReadAsByteArrayAsync());
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Range = new RangeHeaderValue(65_530, 131_080);
        using var range = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(image[65_530..131_081], await range.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Write_FileOfSeveralParts_IsUploadedInPartsAndReadFromAnyOffset()
    {
        var store = fixture.App.Services.GetRequiredService<IMediaStore>();
        var length = (2 * S3MediaBlobStore.PartBytes) + 123_457;
        var key = $"media/{Guid.NewGuid():N}/ab/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";

        await store.WriteAsync(key, new PatternStream(length), CancellationToken.None);

        Assert.True(await store.ExistsAsync(key, CancellationToken.None));
        var offset = S3MediaBlobStore.PartBytes + 77_777L;
        await using var read = (await store.OpenReadAsync(key, offset, CancellationToken.None))!;
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(length - offset, copy.Length);
        var expected = new byte[copy.Length];
        _ = new PatternStream(length, (int)offset).Read(expected, 0, expected.Length);
        Assert.Equal(expected, copy.ToArray());

        await store.MoveAsync(key, $"{key}0", CancellationToken.None);
        Assert.False(await store.ExistsAsync(key, CancellationToken.None));
        Assert.Null(await store.OpenReadAsync(key, 0, CancellationToken.None));
        await store.DeleteAsync($"{key}0", CancellationToken.None);
        Assert.False(await store.ExistsAsync($"{key}0", CancellationToken.None));
    }

    [Fact]
    public async Task Write_ContentFailsAfterSeveralParts_LeavesNothingUnderTheKey()
    {
        var store = fixture.App.Services.GetRequiredService<IMediaStore>();
        var key = $"media/{Guid.NewGuid():N}/cd/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";

        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync(key, new PatternStream(3 * S3MediaBlobStore.PartBytes, failAt: (2 * S3MediaBlobStore.PartBytes) + 10), CancellationToken.None));

        Assert.False(await store.ExistsAsync(key, CancellationToken.None));
    }

    /// <summary>A non-seekable stream of <c>length</c> pseudo-random bytes (the same for the same position), optionally failing at a position.</summary>
    private sealed class PatternStream(int length, int start = 0, int failAt = -1) : Stream
    {
        private int _position = start;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (failAt >= 0 && _position >= failAt)
            {
                throw new IOException("The connection was reset.");
            }

            var n = Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                var p = _position + i;
                buffer[offset + i] = (byte)((p * 2654435761u) >> 24);
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>
/// One server-mode instance whose media lives in a bucket of its own on the test S3 server (encrypted), whose Graph
/// API is a <see cref="FakeGraphApi"/>; the tests run the download job themselves.
/// </summary>
public sealed class S3MediaFixture : IAsyncLifetime
{
    private readonly string _bucket = $"whatssuite-{Guid.NewGuid():N}";
    private TestDatabase? _database;
    private WhatsSuiteApp? _app;

    public string StorageDirectory { get; } = Path.Combine(Path.GetTempPath(), $"whatssuite-s3media-{Guid.NewGuid():N}");

    public FakeGraphApi Graph { get; private set; } = null!;

    public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var endpoint = TestEnvironment.S3Endpoint;
        var s3 = new S3StorageSettings(endpoint, "us-east-1", _bucket, "S3RVER", "S3RVER", PathStyle: true);
        using (var client = S3MediaBlobStore.CreateClient(s3))
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = _bucket });
        }

        Graph = await FakeGraphApi.StartAsync();
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}");
        settings["WHATSAPP_GRAPH_BASE_URL"] = Graph.BaseUrl.AbsoluteUri;
        settings["MEDIA_STORAGE_DIR"] = StorageDirectory;
        settings["MEDIA_STORAGE"] = "s3";
        settings["MEDIA_S3_ENDPOINT"] = endpoint;
        settings["MEDIA_S3_REGION"] = "us-east-1";
        settings["MEDIA_S3_BUCKET"] = _bucket;
        settings["MEDIA_S3_ACCESS_KEY"] = "S3RVER";
        settings["MEDIA_S3_SECRET_KEY"] = "S3RVER";
        settings["MEDIA_S3_PATH_STYLE"] = "true";
        settings["MEDIA_ENCRYPTION_ENABLED"] = "true";
        _app = new WhatsSuiteApp(settings, services => services.AddSingleton<IMediaDownloads>(new RecordingMediaDownloads()));
        using var http = _app.CreateClient();
        AdminToken = (await http.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
    }

    /// <summary>The bytes of an object of the bucket as stored (ciphertext when encrypted).</summary>
    public async Task<byte[]> ObjectAsync(string key)
    {
        using var client = S3MediaBlobStore.CreateClient(App.Services.GetRequiredService<MediaSettings>().S3!);
        using var response = await client.GetObjectAsync(_bucket, key);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async Task RunDownloadAsync(Guid messageId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WhatsSuite.Infrastructure.Jobs.MediaDownloadJob>().RunAsync(messageId, CancellationToken.None);
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

        if (Graph is not null)
        {
            await Graph.DisposeAsync();
        }

        if (Directory.Exists(StorageDirectory))
        {
            Directory.Delete(StorageDirectory, recursive: true);
        }
    }
}
