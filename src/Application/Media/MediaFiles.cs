using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Media.GetMessageMedia;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Media;

/// <summary>Reads the servable media file of a message of a conversation.</summary>
internal static class MediaFiles
{
    public static async Task<Result<MessageMediaFile>> FindAsync(IApplicationDbContext db, Guid conversationId, Guid messageId, CancellationToken cancellationToken)
    {
        var row = await db.Messages.AsNoTracking()
            .Where(m => m.Id == messageId && m.ConversationId == conversationId)
            .Select(m => new { m.MediaStatus, m.MediaFileName, m.MediaObjectId })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return MediaErrors.MessageNotFound(messageId);
        }

        var file = row.MediaStatus == MediaStatus.Available && row.MediaObjectId is { } objectId
            ? await db.MediaObjects.AsNoTracking().SingleOrDefaultAsync(o => o.Id == objectId, cancellationToken)
            : null;
        if (file is null)
        {
            return MediaErrors.NotAvailable(messageId);
        }

        return new MessageMediaFile(messageId, conversationId, file.StorageKey, file.ContentType, file.Size, file.Sha256, row.MediaFileName);
    }
}
