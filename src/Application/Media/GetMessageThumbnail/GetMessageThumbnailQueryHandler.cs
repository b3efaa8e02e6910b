using Mediator;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Application.Media.GetMessageThumbnail;

internal sealed class GetMessageThumbnailQueryHandler(IApplicationDbContext db, ConversationAccess access, IMediaStore store, IMediaThumbnails thumbnails)
    : IQueryHandler<GetMessageThumbnailQuery, Result<MessageThumbnail>>
{
    /// <summary>A stored thumbnail larger than this is not one WhatsSuite made, and is not served.</summary>
    public const int MaxThumbnailBytes = 512 * 1024;

    public const string ContentType = "image/jpeg";

    public async ValueTask<Result<MessageThumbnail>> Handle(GetMessageThumbnailQuery query, CancellationToken cancellationToken)
    {
        var found = await access.FindForQueryAsync(query.ConversationId, MessageName<GetMessageThumbnailQuery>.Action, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var media = await MediaFiles.FindAsync(db, query.ConversationId, query.MessageId, cancellationToken);
        if (!media.IsSuccess)
        {
            return media.Error;
        }

        var file = media.Value;
        if (!thumbnails.Supports(file.ContentType))
        {
            return MediaErrors.ThumbnailNotAvailable(query.MessageId);
        }

        var key = MediaKeys.Thumbnail(file.StorageKey);
        var content = await ReadAsync(key, cancellationToken);
        if (content is null && await thumbnails.CreateAsync(file.StorageKey, file.ContentType, cancellationToken))
        {
            content = await ReadAsync(key, cancellationToken);
        }

        return content is null
            ? MediaErrors.ThumbnailNotAvailable(query.MessageId)
            : new MessageThumbnail(query.MessageId, content, ContentType, $"\"{file.Sha256}-thumbnail\"");
    }

    private async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, 0, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        var buffer = new byte[MaxThumbnailBytes + 1];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return read is 0 or > MaxThumbnailBytes ? null : buffer[..read];
    }
}
