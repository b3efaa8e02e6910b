using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Messages;

/// <summary>
/// Who may see a conversation, and who may write in it. An ADMIN sees everything; a SUPERVISOR the
/// conversations of the queues they belong to and those without a queue; an AGENTE the conversations
/// assigned to them and the UNASSIGNED ones waiting in their queues. Anything else answers 404, as if
/// the conversation did not exist, and leaves an audit row with the outcome <c>denied</c>.
/// Writing is exclusive: the assignee, a SUPERVISOR of the conversation's queue (any SUPERVISOR when it
/// has no queue) or an ADMIN.
/// </summary>
internal sealed class MessageAccess(IApplicationDbContext db, ActorContext actorContext, AuditScope auditScope, IAuditTrail auditTrail)
{
    /// <summary>For a query: the conversation when the actor may see it; otherwise null, with a denied audit row when it exists.</summary>
    public async Task<Conversation?> FindVisibleForQueryAsync(Guid conversationId, string action, CancellationToken cancellationToken)
    {
        var (conversation, visible) = await FindAsync(conversationId, cancellationToken);
        if (conversation is not null && !visible)
        {
            await auditTrail.WriteAsync(
                new AuditEntry(actorContext.Current, action, ConversationTarget.Type, conversationId.ToString(), AuditOutcome.Denied, MessageErrors.ConversationNotFoundCode),
                cancellationToken);
        }

        return visible ? conversation : null;
    }

    /// <summary>
    /// For a command: the conversation when the actor may see it; otherwise null. A conversation that exists
    /// but is hidden marks the command's audit row <c>denied</c> (the audit behavior writes it after the rollback).
    /// </summary>
    public async Task<Conversation?> FindVisibleForCommandAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var (conversation, visible) = await FindAsync(conversationId, cancellationToken);
        if (conversation is not null && !visible)
        {
            auditScope.MarkDenied();
        }

        return visible ? conversation : null;
    }

    /// <summary>True when the actor may send in the (visible) conversation.</summary>
    public async Task<bool> MaySendAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var actor = actorContext.Current;
        if (actor.UserId is not { } userId)
        {
            return false;
        }

        return actor.Role switch
        {
            Role.ADMIN => true,
            Role.SUPERVISOR => conversation.QueueId is not { } queueId || conversation.AssigneeId == userId || await IsMemberAsync(queueId, userId, cancellationToken),
            _ => conversation.AssigneeId == userId,
        };
    }

    private async Task<(Conversation? Conversation, bool Visible)> FindAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null)
        {
            return (null, false);
        }

        var actor = actorContext.Current;
        if (actor.UserId is not { } userId)
        {
            return (conversation, false);
        }

        var visible = actor.Role switch
        {
            Role.ADMIN => true,
            Role.SUPERVISOR => conversation.QueueId is not { } queueId || await IsMemberAsync(queueId, userId, cancellationToken),
            Role.AGENTE => conversation.AssigneeId == userId
                || (conversation.Status == ConversationStatus.UNASSIGNED && conversation.QueueId is { } queueId && await IsMemberAsync(queueId, userId, cancellationToken)),
            _ => false,
        };
        return (conversation, visible);
    }

    private Task<bool> IsMemberAsync(Guid queueId, Guid userId, CancellationToken cancellationToken) =>
        db.Queues.Where(q => q.Id == queueId).SelectMany(q => q.Members).AnyAsync(m => m.UserId == userId, cancellationToken);
}

/// <summary>The audit target of conversation-scoped commands.</summary>
internal static class ConversationTarget
{
    public const string Type = "conversation";
}
