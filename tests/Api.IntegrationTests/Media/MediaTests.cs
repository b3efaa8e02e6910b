using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Sandbox;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Media;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Media;

/// <summary>
/// Inbound media end to end against the fake Graph API: the download job (lookup, then the bytes, both with the
/// connection's token), its checks (checksum, size, sniffed type), retries and the failed state an administrator can
/// retry, encryption on disk, content-addressed storage, and serving (visibility, ranges, ETag, safe file names,
/// signed links).
/// </summary>
public sealed class MediaTests(MediaFixture fixture) : IClassFixture<MediaFixture>
{
    private ConversationSeeder Seeder { get; } = new(fixture.App, fixture.AdminToken);

    private MessagingSeeder Messaging { get; } = new(fixture.App);

    private HttpClient Admin => fixture.App.CreateClient().WithBearer(fixture.AdminToken);

    [Fact]
    public async Task Download_ValidImage_IsStoredEncryptedAndServedToTheConversation()
    {
        var world = await SeedAsync();
        var image = Png(150 * 1024);
        var message = await InboundMediaAsync(world, image, "image/png", "photo.png");
        Script(image, "image/png");

        await fixture.RunDownloadAsync(message);

        var requests = fixture.Graph.Requests.TakeLast(2).ToList();
        Assert.All(requests, r => Assert.Equal($"Bearer {MessagingSeeder.AccessToken}", r.Headers["Authorization"]));
        Assert.EndsWith($"/{MediaIdOf(message)}", requests[0].Path, StringComparison.Ordinal);
        var dto = await MessageJsonAsync(world, message);
        var media = dto.GetProperty("media");
        Assert.Equal("Available", media.GetProperty("status").GetString());
        Assert.Equal("image/png", media.GetProperty("contentType").GetString());
        Assert.Equal(image.Length, media.GetProperty("size").GetInt64());

        // On disk the file is ciphertext under the current key, not the image.
        var onDisk = await File.ReadAllBytesAsync(await FilePathAsync(message));
        Assert.True(MediaEncryption.IsEncrypted(onDisk));
        Assert.Equal(fixture.App.Services.GetRequiredService<MediaSettings>().CurrentKeyId, MediaEncryption.KeyIdOf(onDisk));
        Assert.False(onDisk.AsSpan().IndexOf(image.AsSpan(0, 64)) >= 0);
        Assert.False(onDisk.AsSpan().IndexOf(image.AsSpan(100_000, 64)) >= 0);

        using var agent = fixture.App.CreateClient().WithBearer(world.Agent.Token);
        using var response = await agent.GetAsync(MediaPath(world, message));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(image, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(image))}\"", response.Headers.ETag!.Tag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("inline", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("photo.png", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.Contains("bytes", response.Headers.AcceptRanges);
    }

    [Fact]
    public async Task Download_SameFileTwice_IsStoredOnce()
    {
        var world = await SeedAsync();
        var image = Png(4096);
        var first = await InboundMediaAsync(world, image, "image/png", null);
        var second = await InboundMediaAsync(world, image, "image/png", null);
        Script(image, "image/png");
        await fixture.RunDownloadAsync(first);
        Script(image, "image/png");
        await fixture.RunDownloadAsync(second);

        var objects = await fixture.App.QueryAsync(db => db.Messages.Where(m => m.Id == first || m.Id == second).Select(m => m.MediaObjectId).Distinct().ToListAsync());
        Assert.Single(objects);
        Assert.NotNull(objects[0]);
        Assert.Equal(1, await fixture.App.QueryAsync(db => db.MediaObjects.CountAsync(o => o.ConnectionId == world.Connection)));
    }

    [Fact]
    public async Task Download_FailsEveryAttempt_RetriesWithBackoffThenFailedAndAnAdminRetries()
    {
        var world = await SeedAsync();
        var message = await InboundMediaAsync(world, Png(1024), "image/png", null);
        for (var attempt = 1; attempt <= MediaFixture.MaxAttempts; attempt++)
        {
            fixture.Graph.Enqueue(FakeGraphAnswer.GraphError(500, 2, "Service temporarily unavailable"));
            await fixture.RunDownloadAsync(message);
            var row = await Messaging.MessageAsync(message);
            Assert.Equal(attempt, row.MediaAttempts);
            Assert.Equal(attempt < MediaFixture.MaxAttempts ? MediaStatus.Pending : MediaStatus.Failed, row.MediaStatus);
            Assert.Equal(Math.Min(attempt, MediaFixture.MaxAttempts - 1), fixture.Downloads.Scheduled.Count(s => s.MessageId == message && s.Delay > TimeSpan.Zero));
        }

        // The message is there, with its media marked failed, and nothing is served.
        var media = (await MessageJsonAsync(world, message)).GetProperty("media");
        Assert.Equal("Failed", media.GetProperty("status").GetString());
        Assert.StartsWith("2:", media.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var agent = fixture.App.CreateClient().WithBearer(world.Agent.Token);
        await (await agent.GetAsync(MediaPath(world, message))).AssertProblemAsync(HttpStatusCode.NotFound, "media.not_available");

        // Only an administrator retries; then it downloads.
        await (await agent.PostAsync($"{MediaPath(world, message)}/retry", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        using var retried = await Admin.PostAsync($"{MediaPath(world, message)}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal("Pending", (await retried.ReadJsonAsync()).GetProperty("media").GetProperty("status").GetString());
        Assert.Contains(message, fixture.Downloads.Enqueued);
        await (await Admin.PostAsync($"{MediaPath(world, message)}/retry", null)).AssertProblemAsync(HttpStatusCode.Conflict, "media.not_failed");
        Script(Png(1024), "image/png");
        await fixture.RunDownloadAsync(message);
        Assert.Equal(MediaStatus.Available, (await Messaging.MessageAsync(message)).MediaStatus);
    }

    [Fact]
    public async Task Sweep_PendingMediaWhoseJobWasNeverQueued_IsQueuedAgainAndDownloaded()
    {
        var world = await SeedAsync();
        var image = Png(2048, seed: 11);
        var message = await InboundMediaAsync(world, image, "image/png", null);

        // The process stopped between storing the message and queueing its download: due ten minutes ago, no job.
        await SetNextAttemptAsync(message, DateTimeOffset.UtcNow.AddMinutes(-10));
        await fixture.RunSweepAsync();

        Assert.Contains(message, fixture.Downloads.Enqueued);
        Script(image, "image/png");
        await fixture.RunDownloadJobAsync(message);
        var row = await Messaging.MessageAsync(message);
        Assert.Equal(MediaStatus.Available, row.MediaStatus);
        Assert.Null(row.MediaNextAttemptAt);
        await Eventually.TrueAsync(
            async () => await fixture.App.QueryAsync(db => db.AuditLogs.AnyAsync(a => a.ActorId == "job:media-sweep" && a.Action == "RequeueStrandedMedia" && a.Reason!.Contains("requeued"))),
            "the sweep is audited as its system actor");
    }

    [Fact]
    public async Task Sweep_MediaMessagesStoredBeforeDownloadsExisted_AreQueuedOrFailedWhenWhatsAppNoLongerKeepsThem()
    {
        var world = await SeedAsync();
        var image = Png(3072, seed: 12);
        var recent = await InboundMediaAsync(world, image, "image/png", null);
        var old = await InboundMediaAsync(world, Png(1024, seed: 13), "image/png", null);
        await fixture.App.QueryAsync(db => db.Messages.Where(m => m.Id == recent || m.Id == old)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.MediaStatus, (MediaStatus?)null).SetProperty(m => m.MediaNextAttemptAt, (DateTimeOffset?)null)));
        await fixture.App.QueryAsync(db => db.Messages.Where(m => m.Id == old).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, DateTimeOffset.UtcNow.AddDays(-40))));

        await fixture.RunSweepAsync();

        Assert.Contains(recent, fixture.Downloads.Enqueued);
        Assert.DoesNotContain(old, fixture.Downloads.Enqueued);
        var expired = await Messaging.MessageAsync(old);
        Assert.Equal(MediaStatus.Failed, expired.MediaStatus);
        Assert.StartsWith("expired", expired.MediaError, StringComparison.Ordinal);
        Script(image, "image/png");
        await fixture.RunDownloadJobAsync(recent);
        Assert.Equal(MediaStatus.Available, (await Messaging.MessageAsync(recent)).MediaStatus);
    }

    [Fact]
    public async Task Download_AnotherJobIsFetchingTheSameMedia_FetchesItOnceAndTheSweepLeavesItAlone()
    {
        var world = await SeedAsync();
        var image = Png(4096, seed: 14);
        var message = await InboundMediaAsync(world, image, "image/png", null);
        var requestsBefore = fixture.Graph.Requests.Count;
        var sha = Convert.ToHexStringLower(SHA256.HashData(image));
        fixture.Graph.Enqueue(FakeGraphAnswer.Json(200, $$"""{"url":"{{fixture.Graph.BaseUrl}}files/{{Guid.NewGuid():N}}","mime_type":"image/png","file_size":{{image.Length}},"id":"x","sha256":"{{sha}}"}"""));
        fixture.Graph.Enqueue(FakeGraphAnswer.Binary(image, "image/png") with { Delay = TimeSpan.FromSeconds(5) });

        var first = fixture.RunDownloadJobAsync(message);
        await Eventually.TrueAsync(
            async () => (await Messaging.MessageAsync(message)).MediaNextAttemptAt > DateTimeOffset.UtcNow.AddMinutes(5),
            "the first job holds the media");

        // A duplicate job and a sweep while the first is fetching: neither fetches the file again.
        await fixture.RunDownloadJobAsync(message);
        await fixture.RunSweepAsync();
        Assert.DoesNotContain(message, fixture.Downloads.Enqueued);
        await first;

        var row = await Messaging.MessageAsync(message);
        Assert.Equal(MediaStatus.Available, row.MediaStatus);
        Assert.Equal(1, row.MediaAttempts);
        Assert.Equal(requestsBefore + 2, fixture.Graph.Requests.Count);
    }

    [Fact]
    public async Task Download_ChecksumMismatch_IsQuarantinedAndNeverServed()
    {
        var world = await SeedAsync();
        var declared = Png(2048);
        var message = await InboundMediaAsync(world, declared, "image/png", null);
        var other = Png(2048, seed: 7);
        Script(other, "image/png", declaredSha: null);

        await fixture.RunDownloadAsync(message);

        var row = await Messaging.MessageAsync(message);
        Assert.Equal(MediaStatus.Quarantined, row.MediaStatus);
        Assert.Equal("checksum_mismatch", row.MediaError);
        Assert.Null(row.MediaObjectId);
        Assert.True(File.Exists(Path.Combine(fixture.StorageDirectory, "quarantine", $"{world.Connection:N}", $"{message:N}")));
        await (await Admin.GetAsync(MediaPath(world, message))).AssertProblemAsync(HttpStatusCode.NotFound, "media.not_available");
    }

    [Fact]
    public async Task Download_LargerThanTheLimit_IsQuarantinedWithoutStoringIt()
    {
        var world = await SeedAsync();
        var big = Png(MediaFixture.MaxBytes + 50_000);
        var message = await InboundMediaAsync(world, big, "image/png", null);

        // The lookup does not say how large it is: the limit is enforced while the bytes stream in.
        fixture.Graph.Enqueue(FakeGraphAnswer.Json(200, $$"""{"url":"{{fixture.Graph.BaseUrl}}files/{{Guid.NewGuid():N}}","mime_type":"image/png","id":"x"}"""));
        fixture.Graph.Enqueue(FakeGraphAnswer.Binary(big, "image/png"));

        await fixture.RunDownloadAsync(message);

        var row = await Messaging.MessageAsync(message);
        Assert.Equal(MediaStatus.Quarantined, row.MediaStatus);
        Assert.Equal("too_large", row.MediaError);
        var incoming = Path.Combine(fixture.StorageDirectory, "incoming");
        Assert.False(Directory.Exists(incoming) && Directory.EnumerateFiles(incoming).Any(f => f.Contains($"{message:N}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Download_ExecutableNamedPhotoJpg_IsQuarantinedAsItsRealType()
    {
        var world = await SeedAsync();
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);
        exe[60] = 0x80;
        var message = await InboundMediaAsync(world, exe, "image/jpeg", "photo.jpg");
        Script(exe, "image/jpeg");

        await fixture.RunDownloadAsync(message);

        var row = await Messaging.MessageAsync(message);
        Assert.Equal(MediaStatus.Quarantined, row.MediaStatus);
        Assert.Equal("type_not_allowed: application/x-msdownload", row.MediaError);
        await (await Admin.GetAsync(MediaPath(world, message))).AssertProblemAsync(HttpStatusCode.NotFound, "media.not_available");
    }

    [Fact]
    public async Task Get_ByteRanges_AnswerPartialContentAcrossEncryptedChunks()
    {
        var world = await SeedAsync();
        var image = Png(140 * 1024, seed: 3);
        var message = await AvailableAsync(world, image, "image/png", "scan.png");
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(image))}\"";

        async Task<HttpResponseMessage> RangeAsync(string range, string? ifRange = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, MediaPath(world, message));
            request.Headers.TryAddWithoutValidation("Range", range);
            if (ifRange is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Range", ifRange);
            }

            return await Admin.SendAsync(request);
        }

        using (var first = await RangeAsync("bytes=0-9"))
        {
            Assert.Equal(HttpStatusCode.PartialContent, first.StatusCode);
            Assert.Equal(image[..10], await first.Content.ReadAsByteArrayAsync());
            Assert.Equal($"bytes 0-9/{image.Length}", first.Content.Headers.ContentRange!.ToString());
        }

        // 65,530 to 131,080 spans three encryption chunks of 64 KiB.
        using (var middle = await RangeAsync("bytes=65530-131080"))
        {
            Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
            Assert.Equal(image[65530..131081], await middle.Content.ReadAsByteArrayAsync());
        }

        using (var suffix = await RangeAsync("bytes=-5"))
        {
            Assert.Equal(image[^5..], await suffix.Content.ReadAsByteArrayAsync());
        }

        using (var open = await RangeAsync($"bytes={image.Length - 100}-"))
        {
            Assert.Equal(image[^100..], await open.Content.ReadAsByteArrayAsync());
        }

        using (var beyond = await RangeAsync($"bytes={image.Length}-"))
        {
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
            Assert.Equal($"bytes */{image.Length}", beyond.Content.Headers.ContentRange!.ToString());
        }

        using (var stale = await RangeAsync("bytes=0-9", ifRange: "\"another-version\""))
        {
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            Assert.Equal(image.Length, (await stale.Content.ReadAsByteArrayAsync()).Length);
        }

        using var conditional = new HttpRequestMessage(HttpMethod.Get, MediaPath(world, message));
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        using var notModified = await Admin.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\system32\\evil.pdf", "evil.pdf")]
    [InlineData("/var/lib/whatssuite/../secret\r\n.pdf", "secret__.pdf")]
    [InlineData("\"quoted\";name=x.pdf", "_quoted__name=x.pdf")]
    public async Task Get_FileNameWithPathOrControlCharacters_IsServedUnderASafeName(string name, string expected)
    {
        var world = await SeedAsync();
        var pdf = "%PDF-1.7\n% a small document\n"u8.ToArray().Concat(new byte[512]).ToArray();
        var message = await AvailableAsync(world, pdf, "application/pdf", name);

        using var response = await Admin.GetAsync(MediaPath(world, message));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(expected, disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
        Assert.DoesNotContain('/', response.Content.Headers.GetValues("Content-Disposition").Single());

        // Storage keys never come from a name: a key that would leave the directory is refused outright.
        var store = fixture.App.Services.GetRequiredService<IMediaBlobStore>();
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync("../../etc/passwd", 0, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync("media/../../x", 0, CancellationToken.None));
    }

    [Fact]
    public async Task Get_ConversationTheCallerMayNotSee_AnswersNotFoundLikeTheConversation()
    {
        var world = await SeedAsync();
        var message = await AvailableAsync(world, Png(1024), "image/png", null);
        var outsider = await Seeder.UserAsync("AGENTE", await Seeder.QueueAsync());
        using var client = fixture.App.CreateClient().WithBearer(outsider.Token);

        await (await client.GetAsync(MediaPath(world, message))).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
        await (await client.GetAsync($"{MediaPath(world, message)}/link")).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
        await (await client.GetAsync($"/api/v1/conversations/{world.Conversation}/messages/{Guid.NewGuid()}/media")).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
        using var anonymous = fixture.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(MediaPath(world, message))).StatusCode);
    }

    [Fact]
    public async Task SignedLink_ServesWithoutAHeaderUntilTamperedExpiredOrSignedOut()
    {
        var world = await SeedAsync();
        var image = Png(2048);
        var message = await AvailableAsync(world, image, "image/png", null);
        using var agent = fixture.App.CreateClient().WithBearer(world.Agent.Token);
        var link = await (await agent.GetAsync($"{MediaPath(world, message)}/link")).ReadJsonAsync();
        var url = link.GetProperty("url").GetString()!;
        var expiresAt = link.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.1));
        using var anonymous = fixture.App.CreateClient();

        using (var served = await anonymous.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(image, await served.Content.ReadAsByteArrayAsync());
        }

        // Any changed part breaks the signature: another message, another user, a later expiry, another signature.
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), url).Query);
        var other = await AvailableAsync(world, Png(1024, seed: 9), "image/png", null);
        foreach (var tampered in new[]
        {
            url.Replace(message.ToString(), other.ToString(), StringComparison.Ordinal),
            url.Replace($"user={query["user"]}", $"user={world.Supervisor.Id}", StringComparison.Ordinal),
            url.Replace($"expires={query["expires"]}", $"expires={long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture) + 3600}", StringComparison.Ordinal),
            url.Replace($"signature={query["signature"]}", $"signature={new string('A', 43)}", StringComparison.Ordinal),
        })
        {
            await (await anonymous.GetAsync(tampered)).AssertProblemAsync(HttpStatusCode.Forbidden, "media.link_invalid");
        }

        // A correctly signed link whose time is up.
        var signer = fixture.App.Services.GetRequiredService<IMediaLinkSigner>();
        var past = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds();
        var expired = $"/api/v1/media/{message}?user={query["user"]}&session={query["session"]}&expires={past}&signature={signer.Sign(message, world.Agent.Id, query["session"]!, past)}";
        await (await anonymous.GetAsync(expired)).AssertProblemAsync(HttpStatusCode.Forbidden, "media.link_expired");

        // Signing out ends the session, and with it the link.
        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        await (await anonymous.GetAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden, "media.link_invalid");
    }

    [Theory]
    [InlineData(MessageTypes.Image, "image/png")]
    [InlineData(MessageTypes.Audio, "audio/wav")]
    public async Task Download_SandboxConnection_FetchesTheGeneratedFileThroughTheSameChecks(string type, string contentType)
    {
        var queue = await Seeder.QueueAsync();
        var connection = await Seeder.ConnectionAsync([queue]);
        var conversation = await Seeder.ConversationAsync(connection, queue);
        var mediaId = type == MessageTypes.Image ? SandboxMedia.NewImageId() : SandboxMedia.NewAudioId();
        var message = await WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var media = new MediaInfo(mediaId, SandboxMedia.For(mediaId)!.Value.MimeType, SandboxMedia.Sha256Base64(mediaId), null);
            var inbound = Message.Inbound(conversation, connection, $"wamid.{Guid.NewGuid():N}", type, null, "{}", null, media, now, now);
            db.Messages.Add(inbound);
            await db.SaveChangesAsync();
            return inbound.Id;
        });

        await fixture.RunDownloadAsync(message);

        using var response = await Admin.GetAsync($"/api/v1/conversations/{conversation}/messages/{message}/media");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(SandboxMedia.For(mediaId)!.Value.Bytes, await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private sealed record World(Guid Connection, Guid Queue, Guid Conversation, SignedInUser Agent, SignedInUser Supervisor);

    /// <summary>A Cloud API connection in a queue, an agent and a supervisor of it, and an open conversation of the agent.</summary>
    private async Task<World> SeedAsync()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var supervisor = await Seeder.UserAsync("SUPERVISOR", queue);
        var connection = await Messaging.ConnectionAsync(ConnectionProvider.CloudApi, queueId: queue);
        var conversation = await Seeder.ConversationAsync(connection.Id, queue, ConversationStatus.OPEN, agent.Id);
        return new World(connection.Id, queue, conversation, agent, supervisor);
    }

    /// <summary>An inbound media message as webhook processing stores it: media id, declared type, base64 SHA-256 and name.</summary>
    private async Task<Guid> InboundMediaAsync(World world, byte[] bytes, string mimeType, string? fileName)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var type = mimeType.StartsWith("image/", StringComparison.Ordinal) ? MessageTypes.Image : MessageTypes.Document;
        var media = new MediaInfo($"media-{Guid.NewGuid():N}", mimeType, Convert.ToBase64String(SHA256.HashData(bytes)), fileName);
        var message = Message.Inbound(world.Conversation, world.Connection, $"wamid.{Guid.NewGuid():N}", type, null, "{}", null, media, now, now);
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        _mediaIds[message.Id] = media.Id!;
        return message.Id;
    }

    private readonly Dictionary<Guid, string> _mediaIds = [];

    private string MediaIdOf(Guid messageId) => _mediaIds[messageId];

    /// <summary>A message whose media was downloaded and passed the checks.</summary>
    private async Task<Guid> AvailableAsync(World world, byte[] bytes, string mimeType, string? fileName)
    {
        var message = await InboundMediaAsync(world, bytes, mimeType, fileName);
        Script(bytes, mimeType);
        await fixture.RunDownloadAsync(message);
        Assert.Equal(MediaStatus.Available, (await Messaging.MessageAsync(message)).MediaStatus);
        return message;
    }

    /// <summary>The Graph answers of one download: the lookup (with the file's hex SHA-256, as Graph gives it), then the bytes.</summary>
    private void Script(byte[] bytes, string mimeType, string? declaredSha = "")
    {
        var sha = declaredSha == string.Empty ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : declaredSha;
        var shaField = sha is null ? string.Empty : $",\"sha256\":\"{sha}\"";
        fixture.Graph.Enqueue(FakeGraphAnswer.Json(200, $$"""{"url":"{{fixture.Graph.BaseUrl}}files/{{Guid.NewGuid():N}}","mime_type":"{{mimeType}}","file_size":{{bytes.Length}},"id":"x"{{shaField}}}"""));
        fixture.Graph.Enqueue(FakeGraphAnswer.Binary(bytes, mimeType));
    }

    private async Task<JsonElement> MessageJsonAsync(World world, Guid messageId)
    {
        var page = await (await Admin.GetAsync($"/api/v1/conversations/{world.Conversation}/messages?limit=200")).ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == messageId);
    }

    private async Task<string> FilePathAsync(Guid messageId)
    {
        var key = await fixture.App.QueryAsync(db => db.Messages.Where(m => m.Id == messageId).Select(m => db.MediaObjects.Single(o => o.Id == m.MediaObjectId).StorageKey).SingleAsync());
        return ((LocalMediaBlobStore)fixture.App.Services.GetRequiredService<IMediaBlobStore>()).PathOf(key);
    }

    private Task<int> SetNextAttemptAsync(Guid messageId, DateTimeOffset at) =>
        fixture.App.QueryAsync(db => db.Messages.Where(m => m.Id == messageId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.MediaNextAttemptAt, at)));

    private static string MediaPath(World world, Guid messageId) => $"/api/v1/conversations/{world.Conversation}/messages/{messageId}/media";

    /// <summary>Bytes that start like a PNG, then pseudo-random (so no two chunks are alike).</summary>
    private static byte[] Png(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed + length).NextBytes(bytes);
        ((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]).CopyTo(bytes);
        return bytes;
    }
}
