using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Messages;

/// <summary>
/// The rules every outbound message (and every file uploaded to be sent) passes, in one place: the conversation is
/// one the caller may see (404 otherwise, audited as denied), it is open, the caller may send in it (its assignee,
/// a supervisor of its queue or an admin), its connection is neither deleted, disabled nor refused by WhatsApp, and
/// free-form content (text, media) is inside the 24-hour customer-service window.
/// </summary>
internal sealed class OutboundSendRules(IApplicationDbContext db, ConversationAccess access, MessagingOptions options, TimeProvider clock)
{
    /// <summary>The conversation (tracked) when a message may be sent in it; <paramref name="freeForm"/>: not a template.</summary>
    public async Task<Result<Conversation>> CheckAsync(Guid conversationId, bool freeForm, CancellationToken cancellationToken)
    {
        var found = await access.FindForCommandAsync(conversationId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var conversation = found.Value;
        if (conversation.IsClosed)
        {
            return MessageErrors.ConversationClosed;
        }

        if (!await access.MaySendAsync(conversation, cancellationToken))
        {
            return MessageErrors.NotAssignee;
        }

        var connection = await db.Connections.AsNoTracking()
            .Where(c => c.Id == conversation.ConnectionId)
            .Select(c => new { c.Status, c.DeletedAt })
            .SingleAsync(cancellationToken);
        if (connection.DeletedAt is not null)
        {
            return MessageErrors.ConnectionDeleted;
        }

        if (connection.Status == ConnectionStatus.InvalidCredentials)
        {
            return MessageErrors.ConnectionInvalidCredentials;
        }

        if (connection.Status == ConnectionStatus.Disabled)
        {
            return MessageErrors.ConnectionDisabled;
        }

        if (freeForm && !conversation.IsInsideServiceWindow(clock.GetUtcNow(), options.ServiceWindow))
        {
            return MessageErrors.OutsideServiceWindow;
        }

        return conversation;
    }
}
