using System.Globalization;
using Mediator;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Application.Media.CreateMediaLink;

internal sealed class CreateMediaLinkQueryHandler(
    IApplicationDbContext db, ConversationAccess access, IMediaLinkSigner signer, MediaOptions options, TimeProvider clock)
    : IQueryHandler<CreateMediaLinkQuery, Result<MediaLinkDto>>
{
    public const string Path = "/api/v1/media/";

    public async ValueTask<Result<MediaLinkDto>> Handle(CreateMediaLinkQuery query, CancellationToken cancellationToken)
    {
        var found = await access.FindForQueryAsync(query.ConversationId, MessageName<CreateMediaLinkQuery>.Action, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var file = await MediaFiles.FindAsync(db, query.ConversationId, query.MessageId, cancellationToken);
        if (!file.IsSuccess)
        {
            return file.Error;
        }

        var actor = access.Actor;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((clock.GetUtcNow() + options.SignedUrlLifetime).ToUnixTimeSeconds());
        var expires = expiresAt.ToUnixTimeSeconds();
        var signature = signer.Sign(query.MessageId, actor.UserId!.Value, actor.SessionId!, expires);
        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"{Path}{query.MessageId}?user={actor.UserId}&session={Uri.EscapeDataString(actor.SessionId!)}&expires={expires}&signature={signature}");
        return new MediaLinkDto(url, expiresAt);
    }
}
