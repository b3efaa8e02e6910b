using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.QuickReplies;

namespace WhatsSuite.Application.QuickReplies.RenderQuickReply;

internal sealed class RenderQuickReplyQueryHandler(IApplicationDbContext db, QuickReplyAccess replies, ConversationAccess conversations)
    : IQueryHandler<RenderQuickReplyQuery, Result<RenderedQuickReplyDto>>
{
    /// <summary>The action named in the audit row of a refused conversation.</summary>
    public const string Action = "RenderQuickReply";

    public async ValueTask<Result<RenderedQuickReplyDto>> Handle(RenderQuickReplyQuery query, CancellationToken cancellationToken)
    {
        var reply = await replies.Visible().SingleOrDefaultAsync(r => r.Id == query.QuickReplyId, cancellationToken);
        if (reply is null)
        {
            return QuickReplyErrors.NotFound(query.QuickReplyId);
        }

        var found = await conversations.FindForQueryAsync(query.ConversationId, Action, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (QuickReplyTemplate.Unknown(reply.Text) is { Count: > 0 } unknown)
        {
            return QuickReplyErrors.UnknownVariables(unknown);
        }

        var contactId = found.Value.ContactId;
        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == contactId)
            .Select(c => new { c.DisplayName, c.ProfileName, c.WaId })
            .SingleAsync(cancellationToken);
        var agentId = replies.UserId;
        var agent = await db.Users.AsNoTracking().Where(u => u.Id == agentId).Select(u => u.FullName).SingleOrDefaultAsync(cancellationToken);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [QuickReplyTemplate.ContactName] = contact.DisplayName ?? contact.ProfileName ?? string.Empty,
            [QuickReplyTemplate.ContactPhone] = contact.WaId is null ? string.Empty : "+" + contact.WaId,
            [QuickReplyTemplate.AgentName] = agent ?? string.Empty,
        };
        return new RenderedQuickReplyDto(reply.Id, query.ConversationId, QuickReplyTemplate.Render(reply.Text, values));
    }
}
