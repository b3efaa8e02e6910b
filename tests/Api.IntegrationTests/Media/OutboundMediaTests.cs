using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Media;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Media;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Media;

/// <summary>
/// Outbound media end to end against the fake Graph API: an agent uploads a file (streamed, checked like inbound
/// files and against WhatsApp's own limits), sends it as a media message through the outbox (Graph media upload,
/// then the message with the media id, the id recorded so that a retry never uploads twice), and the stored
/// message serves the agent's own file like inbound media. The send rules (window, visibility) apply to both steps.
/// </summary>
public sealed class OutboundMediaTests : IClassFixture<MediaFixture>
{
    private readonly MediaFixture _fixture;

    public OutboundMediaTests(MediaFixture fixture)
    {
        _fixture = fixture;
        fixture.Graph.Responder = FakeGraphApi.LikeGraph;
        Seeder = new ConversationSeeder(fixture.App, fixture.AdminToken);
        Messaging = new MessagingSeeder(fixture.App);
    }

    private ConversationSeeder Seeder { get; }

    private MessagingSeeder Messaging { get; }

    [Fact]
    public async Task UploadAndSend_Image_IsUploadedToWhatsAppThenSentWithItsIdAndServed()
    {
        var world = await SeedAsync();
        var image = Png(60 * 1024);
        using var agent = _fixture.App.CreateClient().WithBearer(world.Agent.Token);

        using var uploaded = await UploadAsync(agent, world.Conversation, image, "photo.png", "application/octet-stream");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var upload = await uploaded.ReadJsonAsync();
        var uploadId = upload.GetProperty("id").GetGuid();
        Assert.Equal("image/png", upload.GetProperty("contentType").GetString());
        Assert.Equal(image.Length, upload.GetProperty("size").GetInt64());
        Assert.Equal(["image"], upload.GetProperty("sendAs").EnumerateArray().Select(t => t.GetString()));

        // Stored encrypted, content-addressed on the conversation's connection.
        var stored = await _fixture.App.QueryAsync(db => db.MediaObjects.SingleAsync(o => o.Id == uploadId));
        Assert.Equal(world.Connection, stored.ConnectionId);
        var onDisk = await File.ReadAllBytesAsync(((LocalMediaBlobStore)_fixture.App.Services.GetRequiredService<IMediaBlobStore>()).PathOf(stored.StorageKey));
        Assert.True(MediaEncryption.IsEncrypted(onDisk));

        using var sent = await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "image", media = new { uploadId, caption = "The broken part" } });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var messageId = (await sent.ReadJsonAsync()).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => (await Messaging.MessageAsync(messageId)).Status == MessageStatus.Sent, "image sent");

        var row = await Messaging.MessageAsync(messageId);
        Assert.Equal(uploadId, row.MediaObjectId);
        Assert.Equal(MediaStatus.Available, row.MediaStatus);
        Assert.StartsWith("fake-media-", row.MediaId, StringComparison.Ordinal);
        var uploads = GraphPosts(world, "media");
        var upload1 = Assert.Single(uploads);
        Assert.Equal($"Bearer {MessagingSeeder.AccessToken}", upload1.Headers["Authorization"]);
        Assert.StartsWith("multipart/form-data", upload1.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.True(upload1.BodyBytes.AsSpan().IndexOf(image) >= 0, "the upload carries the file");
        Assert.Contains("name=messaging_product", upload1.Body, StringComparison.Ordinal);
        Assert.Contains("image/png", upload1.Body, StringComparison.Ordinal);
        var body = JsonDocument.Parse(Assert.Single(GraphPosts(world, "messages")).Body).RootElement;
        Assert.Equal("image", body.GetProperty("type").GetString());
        Assert.Equal(row.MediaId, body.GetProperty("image").GetProperty("id").GetString());
        Assert.Equal("The broken part", body.GetProperty("image").GetProperty("caption").GetString());

        // The agent's own file is served like inbound media.
        using var served = await agent.GetAsync($"{MessagesPath(world.Conversation)}/{messageId}/media");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(image, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Send_MessageRefusedAfterUpload_RetriesWithTheRecordedMediaIdWithoutUploadingAgain()
    {
        var world = await SeedAsync();
        var document = Pdf(30 * 1024);
        using var agent = _fixture.App.CreateClient().WithBearer(world.Agent.Token);
        var uploadId = (await (await UploadAsync(agent, world.Conversation, document, "invoice.pdf", "application/pdf")).ReadJsonAsync()).GetProperty("id").GetGuid();
        var refusals = 0;
        _fixture.Graph.Responder = request =>
            request.Path.EndsWith($"/{world.PhoneNumberId}/messages", StringComparison.Ordinal) && Interlocked.Increment(ref refusals) == 1
                ? FakeGraphAnswer.GraphError(503, 2, "Service temporarily unavailable")
                : FakeGraphApi.LikeGraph(request);
        try
        {
            using var sent = await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "document", media = new { uploadId, caption = "Your invoice", fileName = "Invoice 2026-11.pdf" } });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            var messageId = (await sent.ReadJsonAsync()).GetProperty("id").GetGuid();
            await Eventually.TrueAsync(async () => (await Messaging.MessageAsync(messageId)).Status == MessageStatus.Sent, "document sent after a retry");

            var row = await Messaging.MessageAsync(messageId);
            Assert.Equal(2, GraphPosts(world, "messages").Count);
            Assert.Single(GraphPosts(world, "media"));
            Assert.All(GraphPosts(world, "messages"), m => Assert.Equal(row.MediaId, JsonDocument.Parse(m.Body).RootElement.GetProperty("document").GetProperty("id").GetString()));
            var sentDocument = JsonDocument.Parse(GraphPosts(world, "messages")[^1].Body).RootElement.GetProperty("document");
            Assert.Equal("Invoice 2026-11.pdf", sentDocument.GetProperty("filename").GetString());
            Assert.Equal("Your invoice", sentDocument.GetProperty("caption").GetString());
            Assert.Equal("Invoice 2026-11.pdf", row.MediaFileName);
        }
        finally
        {
            _fixture.Graph.Responder = FakeGraphApi.LikeGraph;
        }
    }

    [Fact]
    public async Task Upload_BadFiles_Answer4xxAndStoreNothing()
    {
        var world = await SeedAsync();
        using var agent = _fixture.App.CreateClient().WithBearer(world.Agent.Token);
        var objectsBefore = await _fixture.App.QueryAsync(db => db.MediaObjects.CountAsync(o => o.ConnectionId == world.Connection));

        // An executable named like a photo: the type comes from its bytes.
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);
        await (await UploadAsync(agent, world.Conversation, exe, "photo.jpg", "image/jpeg")).AssertProblemAsync((HttpStatusCode)422, "media.type_not_allowed");

        // Larger than MEDIA_MAX_BYTES.
        await (await UploadAsync(agent, world.Conversation, Png(MediaFixture.MaxBytes + 1024), "big.png", "image/png")).AssertProblemAsync((HttpStatusCode)422, "media.too_large");

        // A static WebP over WhatsApp's 100 KB sticker limit, and WhatsApp takes WebP as nothing else.
        await (await UploadAsync(agent, world.Conversation, Webp(150_000, animated: false), "sticker.webp", "image/webp")).AssertProblemAsync((HttpStatusCode)422, "media.not_sendable");

        // Empty, not multipart, no part named 'file'.
        await (await UploadAsync(agent, world.Conversation, [], "empty.png", "image/png")).AssertProblemAsync((HttpStatusCode)422, "media.empty");
        await (await agent.PostAsJsonAsync(UploadPath(world.Conversation), new { file = "x" })).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        using var noBoundary = new ByteArrayContent([1, 2, 3]);
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        await (await agent.PostAsync(UploadPath(world.Conversation), noBoundary)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "media.not_multipart");
        using var noFile = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        await (await agent.PostAsync(UploadPath(world.Conversation), noFile)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(objectsBefore, await _fixture.App.QueryAsync(db => db.MediaObjects.CountAsync(o => o.ConnectionId == world.Connection)));
        var incoming = Path.Combine(_fixture.StorageDirectory, "incoming");
        Assert.True(!Directory.Exists(incoming) || Directory.GetFiles(incoming).Length == 0, "no upload is left behind");

        // An animated WebP may be up to 500 KB (here the fixture's 200 KB limit applies first).
        using var animated = await UploadAsync(agent, world.Conversation, Webp(150_000, animated: true), "animated.webp", "image/webp");
        Assert.Equal(HttpStatusCode.Created, animated.StatusCode);
        Assert.Equal(["sticker"], (await animated.ReadJsonAsync()).GetProperty("sendAs").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Send_FileNotAcceptedAsType_Answers4xxAndQueuesNothing()
    {
        var world = await SeedAsync();
        using var agent = _fixture.App.CreateClient().WithBearer(world.Agent.Token);
        var uploadId = (await (await UploadAsync(agent, world.Conversation, Png(2048), "photo.png", "image/png")).ReadJsonAsync()).GetProperty("id").GetGuid();

        await (await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "video", media = new { uploadId } })).AssertProblemAsync((HttpStatusCode)422, "media.format_not_accepted");
        await (await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "image", media = new { uploadId = Guid.NewGuid() } })).AssertProblemAsync((HttpStatusCode)422, "media.upload_not_found");
        await (await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "audio", media = new { uploadId, caption = "hi" } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "image", media = new { uploadId, fileName = "x.png" } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "image" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "text", text = "hi", media = new { uploadId } })).AssertProblemAsync(HttpStatusCode.BadRequest);

        // A file uploaded on another WhatsApp number cannot be sent from this one.
        var other = await SeedAsync();
        using var otherAgent = _fixture.App.CreateClient().WithBearer(other.Agent.Token);
        await (await otherAgent.PostAsJsonAsync(MessagesPath(other.Conversation), new { type = "image", media = new { uploadId } })).AssertProblemAsync((HttpStatusCode)422, "media.upload_not_found");

        Assert.Equal(0, await _fixture.App.QueryAsync(db => db.Messages.CountAsync(m => (m.ConversationId == world.Conversation || m.ConversationId == other.Conversation) && m.Direction == MessageDirection.Outbound)));
    }

    [Fact]
    public async Task UploadAndSend_WindowClosedOrAnotherAgentsConversation_AreRefused()
    {
        var world = await SeedAsync();
        using var agent = _fixture.App.CreateClient().WithBearer(world.Agent.Token);
        var uploadId = (await (await UploadAsync(agent, world.Conversation, Png(2048), "photo.png", "image/png")).ReadJsonAsync()).GetProperty("id").GetGuid();

        // Another agent of the same queue does not see the conversation: 404, as for the conversation itself.
        var stranger = await Seeder.UserAsync("AGENTE", world.Queue);
        using var strangerClient = _fixture.App.CreateClient().WithBearer(stranger.Token);
        await (await UploadAsync(strangerClient, world.Conversation, Png(2048), "photo.png", "image/png")).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
        await (await strangerClient.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "image", media = new { uploadId } })).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");

        // The customer last wrote 25 hours ago: neither an upload nor a media message.
        var contact = await Messaging.ContactAsync();
        var stale = await Messaging.ConversationAsync(world.Connection, contact.Id, world.Queue, world.Agent.Id, lastInboundAgo: TimeSpan.FromHours(25));
        await (await UploadAsync(agent, stale.Id, Png(2048), "photo.png", "image/png")).AssertProblemAsync((HttpStatusCode)422, "messages.outside_service_window");
        await (await agent.PostAsJsonAsync(MessagesPath(stale.Id), new { type = "image", media = new { uploadId } })).AssertProblemAsync((HttpStatusCode)422, "messages.outside_service_window");

        Assert.Equal(0, await _fixture.App.QueryAsync(db => db.Messages.CountAsync(m => (m.ConversationId == world.Conversation || m.ConversationId == stale.Id) && m.Direction == MessageDirection.Outbound)));
    }

    [Fact]
    public async Task Thumbnail_UploadedAndDownloadedImages_AreMadeEncryptedAndServedToWhoSeesTheConversation()
    {
        var world = await SeedAsync();
        using var agent = _fixture.App.CreateClient().WithBearer(world.Agent.Token);
        var photo = EncodedImage(1200, 800, SKEncodedImageFormat.Png);
        var uploadId = (await (await UploadAsync(agent, world.Conversation, photo, "photo.png", "image/png")).ReadJsonAsync()).GetProperty("id").GetGuid();

        // Made when the upload was stored, encrypted next to the image.
        var stored = await _fixture.App.QueryAsync(db => db.MediaObjects.SingleAsync(o => o.Id == uploadId));
        var blobs = (LocalMediaBlobStore)_fixture.App.Services.GetRequiredService<IMediaBlobStore>();
        var thumbnailPath = blobs.PathOf(MediaKeys.Thumbnail(stored.StorageKey));
        Assert.True(MediaEncryption.IsEncrypted(await File.ReadAllBytesAsync(thumbnailPath)));

        using var sent = await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "image", media = new { uploadId } });
        var messageId = (await sent.ReadJsonAsync()).GetProperty("id").GetGuid();
        using var thumbnail = await agent.GetAsync(ThumbnailPath(world.Conversation, messageId));
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", thumbnail.Headers.GetValues("X-Content-Type-Options").Single());
        using (var decoded = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal((320, 213), (decoded.Width, decoded.Height));
        }

        var etag = thumbnail.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, ThumbnailPath(world.Conversation, messageId));
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await agent.SendAsync(again)).StatusCode);

        var stranger = await Seeder.UserAsync("AGENTE", world.Queue);
        using var strangerClient = _fixture.App.CreateClient().WithBearer(stranger.Token);
        await (await strangerClient.GetAsync(ThumbnailPath(world.Conversation, messageId))).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");

        // An inbound photo gets its thumbnail when the download job stores it (a tall JPEG: 320 on its longer side).
        var inboundPhoto = EncodedImage(600, 900, SKEncodedImageFormat.Jpeg);
        var inbound = await InboundImageAsync(world, inboundPhoto);
        await _fixture.RunDownloadAsync(inbound);
        var inboundKey = await _fixture.App.QueryAsync(db => db.Messages.Where(m => m.Id == inbound && m.MediaObjectId != null).Select(m => db.MediaObjects.Single(o => o.Id == m.MediaObjectId).StorageKey).SingleOrDefaultAsync());
        Assert.NotNull(inboundKey);
        Assert.True(File.Exists(blobs.PathOf(MediaKeys.Thumbnail(inboundKey))), "the inbound photo's thumbnail is stored next to it");
        using var inboundThumbnail = await agent.GetAsync(ThumbnailPath(world.Conversation, inbound));
        Assert.Equal(HttpStatusCode.OK, inboundThumbnail.StatusCode);
        using var inboundDecoded = SKBitmap.Decode(await inboundThumbnail.Content.ReadAsByteArrayAsync());
        Assert.Equal((213, 320), (inboundDecoded.Width, inboundDecoded.Height));
    }

    [Fact]
    public async Task Thumbnail_DecompressionBombOrDocument_IsNotMadeAnd404()
    {
        var world = await SeedAsync();
        using var agent = _fixture.App.CreateClient().WithBearer(world.Agent.Token);

        // A few hundred bytes whose header declares 20,000 × 20,000 pixels (1.6 GB decoded): refused before decoding.
        var bomb = PngDeclaring(EncodedImage(8, 8, SKEncodedImageFormat.Png), 20_000, 20_000);
        var bombId = (await (await UploadAsync(agent, world.Conversation, bomb, "bomb.png", "image/png")).ReadJsonAsync()).GetProperty("id").GetGuid();
        var stored = await _fixture.App.QueryAsync(db => db.MediaObjects.SingleAsync(o => o.Id == bombId));
        var blobs = (LocalMediaBlobStore)_fixture.App.Services.GetRequiredService<IMediaBlobStore>();
        Assert.False(File.Exists(blobs.PathOf(MediaKeys.Thumbnail(stored.StorageKey))));
        var bombMessage = (await (await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "image", media = new { uploadId = bombId } })).ReadJsonAsync()).GetProperty("id").GetGuid();
        await (await agent.GetAsync(ThumbnailPath(world.Conversation, bombMessage))).AssertProblemAsync(HttpStatusCode.NotFound, "media.thumbnail_not_available");

        var pdfId = (await (await UploadAsync(agent, world.Conversation, Pdf(4096), "terms.pdf", "application/pdf")).ReadJsonAsync()).GetProperty("id").GetGuid();
        var pdfMessage = (await (await agent.PostAsJsonAsync(MessagesPath(world.Conversation), new { type = "document", media = new { uploadId = pdfId } })).ReadJsonAsync()).GetProperty("id").GetGuid();
        await (await agent.GetAsync(ThumbnailPath(world.Conversation, pdfMessage))).AssertProblemAsync(HttpStatusCode.NotFound, "media.thumbnail_not_available");
    }

    private sealed record World(Guid Connection, string PhoneNumberId, Guid Queue, Guid Conversation, SignedInUser Agent);

    private async Task<World> SeedAsync()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var connection = await Messaging.ConnectionAsync(ConnectionProvider.CloudApi, queueId: queue);
        var contact = await Messaging.ContactAsync();
        var conversation = await Messaging.ConversationAsync(connection.Id, contact.Id, queue, agent.Id, lastInboundAgo: TimeSpan.FromHours(1));
        return new World(connection.Id, connection.PhoneNumberId, queue, conversation.Id, agent);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid conversationId, byte[] bytes, string fileName, string declaredType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(declaredType);
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        return await client.PostAsync(UploadPath(conversationId), form);
    }

    private List<FakeGraphRequest> GraphPosts(World world, string endpoint) =>
        _fixture.Graph.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith($"/{world.PhoneNumberId}/{endpoint}", StringComparison.Ordinal)).ToList();

    private static string ThumbnailPath(Guid conversationId, Guid messageId) => $"{MessagesPath(conversationId)}/{messageId}/media/thumbnail";

    /// <summary>An inbound image message as webhook processing stores it, with the download's Graph answers scripted.</summary>
    private async Task<Guid> InboundImageAsync(World world, byte[] bytes)
    {
        await using var scope = _fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var media = new MediaInfo($"media-{Guid.NewGuid():N}", "image/jpeg", Convert.ToBase64String(SHA256.HashData(bytes)), null);
        var message = Message.Inbound(world.Conversation, world.Connection, $"wamid.{Guid.NewGuid():N}", MessageTypes.Image, null, "{}", null, media, now, now);

        // WhatsApp's answers to this download only: the outbound image sent just before may still be on its way to
        // Graph, and its media upload must not take them.
        _fixture.Graph.EnqueueMediaDownload(media.Id!, $"\"mime_type\":\"image/jpeg\",\"file_size\":{bytes.Length},\"id\":\"x\"", FakeGraphAnswer.Binary(bytes, "image/jpeg"));
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    /// <summary>A real image of the given size and format, drawn with a gradient so it does not compress to nothing.</summary>
    private static byte[] EncodedImage(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.Red, SKColors.Blue], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, width, height, paint);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>The PNG with its header (IHDR) changed to declare <paramref name="width"/> × <paramref name="height"/>, its checksum fixed.</summary>
    private static byte[] PngDeclaring(byte[] png, int width, int height)
    {
        var bytes = (byte[])png.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static string UploadPath(Guid conversationId) => $"/api/v1/conversations/{conversationId}/media";

    private static string MessagesPath(Guid conversationId) => $"/api/v1/conversations/{conversationId}/messages";

    private static byte[] Png(int length) => Filled(length, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

    private static byte[] Pdf(int length) => Filled(length, "%PDF-1.7\n"u8.ToArray());

    /// <summary>A WebP file: RIFF/WEBP with an extended header (<c>VP8X</c>) whose animation flag is set or not.</summary>
    private static byte[] Webp(int length, bool animated)
    {
        var head = new byte[21];
        "RIFF"u8.CopyTo(head);
        "WEBP"u8.CopyTo(head.AsSpan(8));
        "VP8X"u8.CopyTo(head.AsSpan(12));
        head[20] = animated ? (byte)0x02 : (byte)0x00;
        return Filled(length, head);
    }

    private static byte[] Filled(int length, byte[] head)
    {
        var bytes = new byte[length];
        if (length == 0)
        {
            return bytes;
        }

        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes, 0);
        return bytes;
    }
}
