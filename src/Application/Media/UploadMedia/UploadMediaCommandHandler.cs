using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Messages;
using WhatsSuite.Domain.Media;

namespace WhatsSuite.Application.Media.UploadMedia;

internal sealed class UploadMediaCommandHandler(
    IApplicationDbContext db,
    OutboundSendRules rules,
    IMediaStore store,
    IMediaThumbnails thumbnails,
    MediaOptions options,
    AuditScope auditScope,
    TimeProvider clock) : ICommandHandler<UploadMediaCommand, Result<UploadedMediaDto>>
{
    public async ValueTask<Result<UploadedMediaDto>> Handle(UploadMediaCommand command, CancellationToken cancellationToken)
    {
        var found = await rules.CheckAsync(command.ConversationId, freeForm: true, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var connectionId = found.Value.ConnectionId;
        var incoming = MediaKeys.Incoming(Guid.NewGuid());
        using var inspector = new MediaInspectionStream(command.Content, options.MaxBytes);
        string? keyId;
        try
        {
            keyId = await store.WriteAsync(incoming, inspector, cancellationToken);
        }
        catch (MediaTooLargeException)
        {
            auditScope.SetNote(MediaChecks.TooLarge);
            return MediaErrors.UploadTooLarge(options.MaxBytes);
        }

        var (contentType, rejection) = MediaChecks.Evaluate(inspector, null, command.DeclaredType, options);
        var size = inspector.Length64;
        var refusal = rejection switch
        {
            null => null,
            MediaChecks.Empty => MediaErrors.UploadEmpty,
            _ => MediaErrors.UploadTypeNotAllowed(contentType),
        };
        var sendAs = OutboundMediaLimits.TypesFor(contentType, size, OutboundMediaLimits.IsAnimatedWebp(inspector.Head));
        if (refusal is null && sendAs.Count == 0)
        {
            refusal = MediaErrors.NotSendable(contentType, size);
        }

        if (refusal is not null)
        {
            await store.DeleteAsync(incoming, CancellationToken.None);
            auditScope.SetNote($"refused: {refusal.Code}");
            return refusal;
        }

        var sha256 = inspector.Sha256Hex();
        var stored = await FindAsync(connectionId, sha256, cancellationToken);

        // Already stored: renewed, so the unreferenced-media sweep keeps it for the message this upload is for; if the
        // sweep deleted it meanwhile, it is stored again below.
        if (stored is not null && !await MediaObjectReuse.RenewAsync(db, connectionId, sha256, clock.GetUtcNow(), CancellationToken.None))
        {
            stored = null;
        }

        if (stored is not null)
        {
            await store.DeleteAsync(incoming, CancellationToken.None);
            auditScope.SetNote("stored: already present");
        }
        else
        {
            var key = MediaKeys.Stored(connectionId, sha256);
            await store.MoveAsync(incoming, key, CancellationToken.None);
            stored = MediaObject.Create(connectionId, sha256, key, size, contentType, keyId, clock.GetUtcNow());
            db.MediaObjects.Add(stored);
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                auditScope.SetNote("stored");
                await thumbnails.CreateAsync(stored.StorageKey, stored.ContentType, CancellationToken.None);
            }
            catch (DbUpdateException)
            {
                // The same file was stored at the same moment by another upload or download: use that row (its file is the same bytes).
                db.MediaObjects.Remove(stored);
                stored = await FindAsync(connectionId, sha256, CancellationToken.None) ?? throw new InvalidOperationException("A media object conflicted but cannot be found.");
                auditScope.SetNote("stored: already present");
            }
        }

        auditScope.AddTarget(MediaObjectTargetType, stored.Id.ToString(), null);
        return new UploadedMediaDto(stored.Id, stored.ContentType, stored.Size, stored.Sha256, sendAs);
    }

    /// <summary>The audit target type of a stored file.</summary>
    private const string MediaObjectTargetType = "media_object";

    private Task<MediaObject?> FindAsync(Guid connectionId, string sha256, CancellationToken cancellationToken) =>
        db.MediaObjects.AsNoTracking().SingleOrDefaultAsync(o => o.ConnectionId == connectionId && o.Sha256 == sha256, cancellationToken);
}
