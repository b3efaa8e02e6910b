using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations;

/// <summary>
/// The one place that decides which conversations a caller sees and may write to. Every conversation use
/// case (lists, reads, actions, messages) goes through it.
/// <list type="bullet">
/// <item>ADMIN sees every conversation.</item>
/// <item>SUPERVISOR sees the conversations of the queues they are a member of, and those without a queue.</item>
/// <item>AGENTE sees the OPEN conversations assigned to them and the UNASSIGNED ones of their queues;
/// never a CLOSED one.</item>
/// <item>Any other caller (an API key, the system) sees none.</item>
/// </list>
/// A conversation the caller may not see answers exactly like one that does not exist (404
/// <c>conversations.not_found</c>), so its existence is not leaked; the refusal is audited as <c>denied</c> with
/// a reason code (<see cref="DenialReasons"/>) and the conversation as target.
/// </summary>
public sealed class ConversationAccess(IApplicationDbContext db, ActorContext actorContext, AuditScope auditScope, IAuditTrail auditTrail)
{
    /// <summary>The reason codes of refused conversation access, as written to the audit trail.</summary>
    public static class DenialReasons
    {
        /// <summary>The conversation's queue is not one of the caller's (or it has none and the caller is an agent).</summary>
        public const string OutOfQueue = "out_of_queue";

        /// <summary>An agent asked for a conversation another user holds.</summary>
        public const string AssignedToAnotherAgent = "assigned_to_another_agent";

        /// <summary>An agent asked for a closed conversation.</summary>
        public const string ClosedNotVisible = "closed_not_visible";

        /// <summary>The caller is not a user with a conversation role (an API key, for example).</summary>
        public const string RoleNotAllowed = "role_not_allowed";
    }

    /// <summary>The current caller.</summary>
    public Actor Actor => actorContext.Current;

    /// <summary>The ids of the queues <paramref name="userId"/> is a member of, as a sub-query.</summary>
    public IQueryable<Guid> QueueIdsOf(Guid userId) =>
        db.Queues.Where(q => q.Members.Any(m => m.UserId == userId)).Select(q => q.Id);

    /// <summary>Narrows <paramref name="conversations"/> to those the current caller sees (one SQL predicate).</summary>
    public IQueryable<Conversation> Visible(IQueryable<Conversation> conversations)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var actor = Actor;
        if (!actor.IsAuthenticatedUser || actor.Role is not { } role)
        {
            return conversations.Where(c => false);
        }

        return VisibleTo(conversations, actor.UserId!.Value, role);
    }

    /// <summary>
    /// Narrows <paramref name="conversations"/> to those user <paramref name="userId"/> with <paramref name="role"/> sees
    /// now (their current queues): <see cref="Visible"/> for a user who is not the caller, such as the requester of a
    /// background export.
    /// </summary>
    public IQueryable<Conversation> VisibleTo(IQueryable<Conversation> conversations, Guid userId, Role role)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var queueIds = QueueIdsOf(userId);
        return role switch
        {
            Role.ADMIN => conversations,
            Role.SUPERVISOR => conversations.Where(c => c.QueueId == null || queueIds.Contains(c.QueueId.Value)),
            Role.AGENTE => conversations.Where(c =>
                (c.Status == ConversationStatus.OPEN && c.AssigneeId == userId)
                || (c.Status == ConversationStatus.UNASSIGNED && c.QueueId != null && queueIds.Contains(c.QueueId.Value))),
            _ => conversations.Where(c => false),
        };
    }

    /// <summary>
    /// The caller's visibility, resolved once per request: role, user and the queues they are a member of. Lists and
    /// counters build index-friendly queries from it (<see cref="VisibleParts"/>).
    /// </summary>
    public async Task<VisibilityScope> ScopeAsync(CancellationToken cancellationToken)
    {
        var actor = Actor;
        if (!actor.IsAuthenticatedUser || actor.Role is not ({ } role and (Role.ADMIN or Role.SUPERVISOR or Role.AGENTE)))
        {
            return new VisibilityScope(null, Guid.Empty, []);
        }

        var userId = actor.UserId!.Value;
        var queueIds = role == Role.ADMIN ? [] : await QueueIdsOf(userId).OrderBy(id => id).ToListAsync(cancellationToken);
        return new VisibilityScope(role, userId, queueIds);
    }

    /// <summary>
    /// The conversations <paramref name="scope"/> sees as disjoint parts, each a plain equality on an indexed column
    /// (one queue, one assignee), so that each part is read from an index in list order and a page is the merge of
    /// the parts' first rows. Together they are exactly <see cref="Visible"/>; none for a caller who sees nothing.
    /// </summary>
    public static IReadOnlyList<IQueryable<Conversation>> VisibleParts(IQueryable<Conversation> conversations, VisibilityScope scope)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(scope);
        var userId = scope.UserId;
        switch (scope.Role)
        {
            case Role.ADMIN:
                return [conversations];
            case Role.SUPERVISOR:
                var parts = new List<IQueryable<Conversation>> { conversations.Where(c => c.QueueId == null) };
                parts.AddRange(scope.QueueIds.Select(queueId => conversations.Where(c => c.QueueId == queueId)));
                return parts;
            case Role.AGENTE:
                var agentParts = new List<IQueryable<Conversation>>
                {
                    conversations.Where(c => c.AssigneeId == userId && c.Status == ConversationStatus.OPEN),
                };
                agentParts.AddRange(scope.QueueIds.Select(queueId => conversations.Where(c => c.QueueId == queueId && c.Status == ConversationStatus.UNASSIGNED)));
                return agentParts;
            default:
                return [];
        }
    }

    /// <summary>
    /// Why the current caller may not see <paramref name="conversation"/>, or null when they may. The same
    /// rules as <see cref="Visible"/>, for one loaded conversation.
    /// </summary>
    public async Task<string?> DenialReasonAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var actor = Actor;
        if (!actor.IsAuthenticatedUser || actor.Role is not { } role)
        {
            return DenialReasons.RoleNotAllowed;
        }

        var userId = actor.UserId!.Value;
        var member = role is Role.SUPERVISOR or Role.AGENTE && await IsMemberAsync(conversation.QueueId, userId, cancellationToken);
        return DenialReason(role, userId, member, conversation.Status, conversation.AssigneeId, conversation.QueueId);
    }

    /// <summary>
    /// The visibility rule itself, for a user of <paramref name="role"/> and a conversation in the given state:
    /// why they may not see it, or null when they may. <paramref name="memberOfQueue"/> says whether the user is a
    /// member of the conversation's queue (false when it has none). <see cref="DenialReasonAsync"/> applies it to the
    /// caller; the real-time desk applies it to each user an event could reach, so both answer alike.
    /// </summary>
    public static string? DenialReason(Role role, Guid userId, bool memberOfQueue, ConversationStatus status, Guid? assigneeId, Guid? queueId)
    {
        switch (role)
        {
            case Role.ADMIN:
                return null;
            case Role.SUPERVISOR:
                return queueId is null || memberOfQueue ? null : DenialReasons.OutOfQueue;
            case Role.AGENTE:
                if (status == ConversationStatus.CLOSED)
                {
                    return DenialReasons.ClosedNotVisible;
                }

                if (status == ConversationStatus.OPEN && assigneeId == userId)
                {
                    return null;
                }

                if (queueId is null || !memberOfQueue)
                {
                    return DenialReasons.OutOfQueue;
                }

                return status == ConversationStatus.OPEN ? DenialReasons.AssignedToAnotherAgent : null;
            default:
                return DenialReasons.RoleNotAllowed;
        }
    }

    /// <summary>
    /// Loads a conversation (tracked) for a command. When it is not visible, the command's audit row becomes
    /// <c>denied</c> with the reason, and the answer is <c>conversations.not_found</c>.
    /// </summary>
    public async Task<Result<Conversation>> FindForCommandAsync(Guid id, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conversation is null)
        {
            return ConversationErrors.NotFound(id);
        }

        if (await DenialReasonAsync(conversation, cancellationToken) is { } reason)
        {
            auditScope.Deny(reason);
            return ConversationErrors.NotFound(id);
        }

        return conversation;
    }

    /// <summary>
    /// Loads a conversation (not tracked) for a query. When it is not visible, a <c>denied</c> audit row naming
    /// <paramref name="action"/>, the conversation and the reason is written at once, and the answer is
    /// <c>conversations.not_found</c>.
    /// </summary>
    public async Task<Result<Conversation>> FindForQueryAsync(Guid id, string action, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conversation is null)
        {
            return ConversationErrors.NotFound(id);
        }

        if (await DenialReasonAsync(conversation, cancellationToken) is { } reason)
        {
            await auditTrail.WriteAsync(
                new AuditEntry(Actor, action, ConversationErrors.TargetType, id.ToString(), AuditOutcome.Denied, reason),
                cancellationToken);
            return ConversationErrors.NotFound(id);
        }

        return conversation;
    }

    /// <summary>
    /// Whether the current caller may send messages in <paramref name="conversation"/> (which they can see):
    /// its assignee, a SUPERVISOR who is a member of its queue (any SUPERVISOR when it has no queue), or an ADMIN.
    /// </summary>
    public async Task<bool> MaySendAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var actor = Actor;
        if (!actor.IsAuthenticatedUser)
        {
            return false;
        }

        var userId = actor.UserId!.Value;
        return actor.Role switch
        {
            Role.ADMIN => true,
            _ when conversation.AssigneeId == userId && conversation.Status == ConversationStatus.OPEN => true,
            Role.SUPERVISOR => conversation.QueueId is null || await IsMemberAsync(conversation.QueueId, userId, cancellationToken),
            _ => false,
        };
    }

    /// <summary>Whether the current caller is a SUPERVISOR of the conversation's queue (any SUPERVISOR when it has none) or an ADMIN.</summary>
    public async Task<bool> ManagesAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var actor = Actor;
        return actor.IsAuthenticatedUser && actor.Role switch
        {
            Role.ADMIN => true,
            Role.SUPERVISOR => conversation.QueueId is null || await IsMemberAsync(conversation.QueueId, actor.UserId!.Value, cancellationToken),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="userId"/> is a member of <paramref name="queueId"/>.</summary>
    public Task<bool> IsMemberAsync(Guid? queueId, Guid userId, CancellationToken cancellationToken) =>
        queueId is { } id
            ? db.Queues.AnyAsync(q => q.Id == id && q.Members.Any(m => m.UserId == userId), cancellationToken)
            : Task.FromResult(false);
}

/// <summary>Who the caller is for conversation visibility: no role when they see nothing; the queues only for SUPERVISOR and AGENTE.</summary>
public sealed record VisibilityScope(Role? Role, Guid UserId, IReadOnlyList<Guid> QueueIds);
