using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Media;
using WhatsSuite.Application.Media.DeleteUnreferencedMedia;
using WhatsSuite.Application.Media.UploadMedia;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Media;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Media;

/// <summary>
/// The unreferenced-media sweep's batch: a stored file no message references is deleted from the table and the store
/// once unused for <c>MEDIA_UNREFERENCED_GRACE</c> (24 hours by default); a recent one, one a queued outbound message
/// uses, and one an upload or download just reused stay.
/// </summary>
public sealed class DeleteUnreferencedMediaTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly Actor Sweep = Actor.System("media-unreferenced-sweep");

    private IMediaStore Store => fixture.Services.GetRequiredService<IMediaStore>();

    /// <summary>A stored file (and its thumbnail) last used <paramref name="unusedFor"/> ago.</summary>
    private async Task<MediaObject> StoredAsync(Guid connectionId, TimeSpan unusedFor, byte[]? content = null)
    {
        var sha256 = content is null ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : Convert.ToHexStringLower(SHA256.HashData(content));
        var key = MediaKeys.Stored(connectionId, sha256);
        await Store.WriteAsync(key, new MemoryStream(content ?? "%PDF-1.7 unsent"u8.ToArray()), CancellationToken.None);
        await Store.WriteAsync(MediaKeys.Thumbnail(key), new MemoryStream([0xFF, 0xD8, 0xFF]), CancellationToken.None);
        var stored = MediaObject.Create(connectionId, sha256, key, 15, "application/pdf", Store.CurrentKeyId, DateTimeOffset.UtcNow - unusedFor);
        await fixture.ChangeAsync(db =>
        {
            db.MediaObjects.Add(stored);
            return Task.CompletedTask;
        });
        return stored;
    }

    private Task<bool> RowExistsAsync(Guid id) => fixture.QueryAsync(db => db.MediaObjects.AnyAsync(o => o.Id == id));

    private async Task AssertKeptAsync(MediaObject stored)
    {
        Assert.True(await RowExistsAsync(stored.Id));
        Assert.True(await Store.ExistsAsync(stored.StorageKey, CancellationToken.None));
    }

    private async Task<UnreferencedMediaDeleted> SweepAsync()
    {
        var result = await fixture.SendAsync(Sweep, new DeleteUnreferencedMediaCommand());
        Assert.True(result.IsSuccess);
        return result.Value;
    }

    [Fact]
    public async Task Handle_OldUnreferencedRecentAndQueuedForSending_DeletesOnlyTheOldUnreferencedOne()
    {
        var connectionId = await fixture.Seed.ConnectionAsync();
        var conversation = await fixture.Seed.ConversationAsync(connectionId, null);
        var orphan = await StoredAsync(connectionId, TimeSpan.FromHours(25));
        var recent = await StoredAsync(connectionId, TimeSpan.FromHours(1));
        var queued = await StoredAsync(connectionId, TimeSpan.FromHours(25));
        await fixture.ChangeAsync(db =>
        {
            var message = Message.Outbound(conversation.Id, connectionId, "document", null, "{}", null, DateTimeOffset.UtcNow);
            message.AttachOutboundMedia(queued.Id, queued.ContentType, queued.Sha256, "invoice.pdf", DateTimeOffset.UtcNow);
            db.Messages.Add(message);
            return Task.CompletedTask;
        });

        var swept = await SweepAsync();

        Assert.True(swept.Deleted >= 1);
        Assert.False(await RowExistsAsync(orphan.Id));
        Assert.False(await Store.ExistsAsync(orphan.StorageKey, CancellationToken.None));
        Assert.False(await Store.ExistsAsync(MediaKeys.Thumbnail(orphan.StorageKey), CancellationToken.None));
        await AssertKeptAsync(recent);
        await AssertKeptAsync(queued);
        var audit = await fixture.AuditAsync("DeleteUnreferencedMedia", orphan.Id);
        Assert.Contains(audit, a => a.ActorId == "job:media-unreferenced-sweep");
    }

    [Fact]
    public async Task Handle_OldFileJustReusedByAnUploadOrDownload_KeepsIt()
    {
        var connectionId = await fixture.Seed.ConnectionAsync();
        var reused = await StoredAsync(connectionId, TimeSpan.FromDays(3));

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            Assert.True(await MediaObjectReuse.RenewAsync(db, connectionId, reused.Sha256, DateTimeOffset.UtcNow, CancellationToken.None));
        }

        await SweepAsync();

        await AssertKeptAsync(reused);
    }

    [Fact]
    public async Task Handle_OldUnreferencedFileUploadedAgain_KeepsIt()
    {
        var queue = await fixture.Seed.QueueAsync();
        var agent = await fixture.Seed.UserAsync(Role.AGENTE, queue);
        var connectionId = await fixture.Seed.ConnectionAsync([queue]);
        var conversation = await fixture.Seed.ConversationAsync(connectionId, queue, ConversationStatus.OPEN, agent.Id);
        var invoice = System.Text.Encoding.ASCII.GetBytes($"%PDF-1.7\n% invoice {Guid.NewGuid():N}\n%%EOF\n");
        var stored = await StoredAsync(connectionId, TimeSpan.FromDays(3), invoice);

        var upload = await fixture.SendAsync(agent.Actor, new UploadMediaCommand(conversation.Id, new MemoryStream(invoice), "application/pdf"));
        Assert.True(upload.IsSuccess);
        Assert.Equal(stored.Id, upload.Value.Id);

        await SweepAsync();

        await AssertKeptAsync(stored);
    }

    [Fact]
    public async Task RenewAsync_FileAlreadyDeleted_ReturnsFalseSoTheCallerStoresItAgain()
    {
        var connectionId = await fixture.Seed.ConnectionAsync();
        var orphan = await StoredAsync(connectionId, TimeSpan.FromDays(2));
        await SweepAsync();

        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        Assert.False(await MediaObjectReuse.RenewAsync(db, connectionId, orphan.Sha256, DateTimeOffset.UtcNow, CancellationToken.None));
    }
}
