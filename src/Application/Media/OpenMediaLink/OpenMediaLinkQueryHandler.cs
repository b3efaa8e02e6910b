using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Media.GetMessageMedia;

namespace WhatsSuite.Application.Media.OpenMediaLink;

internal sealed class OpenMediaLinkQueryHandler(
    IApplicationDbContext db,
    IMediaLinkSigner signer,
    ISessionStore sessions,
    ActorContext actorContext,
    ConversationAccess access,
    TimeProvider clock)
    : IQueryHandler<OpenMediaLinkQuery, Result<MessageMediaFile>>
{
    public async ValueTask<Result<MessageMediaFile>> Handle(OpenMediaLinkQuery query, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(query.SessionId) || string.IsNullOrEmpty(query.Signature)
            || !signer.Verify(query.MessageId, query.UserId, query.SessionId, query.Expires, query.Signature))
        {
            return MediaErrors.LinkInvalid;
        }

        if (clock.GetUtcNow().ToUnixTimeSeconds() >= query.Expires)
        {
            return MediaErrors.LinkExpired;
        }

        var session = await sessions.FindActiveAsync(query.SessionId, cancellationToken);
        if (session is null || session.UserId != query.UserId)
        {
            return MediaErrors.LinkInvalid;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == query.UserId && u.IsActive).Select(u => new { u.Id, u.Role, u.MustChangePassword }).SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.MustChangePassword)
        {
            return MediaErrors.LinkInvalid;
        }

        // From here on the link's user is the actor: the conversation's visibility (and the audit of a refusal) is theirs.
        var current = actorContext.Current;
        actorContext.Set(Actor.ForUser(user.Id, user.Role, query.SessionId, user.MustChangePassword, current.IpAddress, current.UserAgent, current.RequestId));
        var conversationId = await db.Messages.Where(m => m.Id == query.MessageId).Select(m => (Guid?)m.ConversationId).SingleOrDefaultAsync(cancellationToken);
        if (conversationId is null)
        {
            return MediaErrors.MessageNotFound(query.MessageId);
        }

        var found = await access.FindForQueryAsync(conversationId.Value, MessageName<OpenMediaLinkQuery>.Action, cancellationToken);
        return found.IsSuccess ? await MediaFiles.FindAsync(db, conversationId.Value, query.MessageId, cancellationToken) : found.Error;
    }
}
