using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.GetConversationSummary;

/// <summary>
/// Counts without scanning history: UNASSIGNED and OPEN conversations (the live work, bounded by the team's
/// capacity, not by history) are counted from a covering index; CLOSED ones (which grow with history) come from
/// counters per queue that the database keeps in step with every change of a conversation
/// (<see cref="IConversationCounters"/>).
/// </summary>
internal sealed class GetConversationSummaryQueryHandler(IApplicationDbContext db, ConversationAccess access, IConversationCounters counters)
    : IQueryHandler<GetConversationSummaryQuery, Result<ConversationSummaryDto>>
{
    /// <summary>The SQL comment of the counting queries.</summary>
    public const string Tag = "conversations.summary";

    private IQueryable<Conversation> Conversations => db.Conversations.TagWith(Tag);

    public async ValueTask<Result<ConversationSummaryDto>> Handle(GetConversationSummaryQuery query, CancellationToken cancellationToken)
    {
        var scope = await access.ScopeAsync(cancellationToken);
        var userId = scope.UserId;
        var queueIds = scope.QueueIds;
        switch (scope.Role)
        {
            case Role.ADMIN:
                return new ConversationSummaryDto(
                    await Conversations.CountAsync(c => c.Status == ConversationStatus.UNASSIGNED, cancellationToken),
                    await Conversations.CountAsync(c => c.Status == ConversationStatus.OPEN, cancellationToken),
                    (int)await counters.ClosedAsync(null, includeWithoutQueue: true, cancellationToken));
            case Role.SUPERVISOR:
                return new ConversationSummaryDto(
                    await InQueues(ConversationStatus.UNASSIGNED).CountAsync(cancellationToken),
                    await InQueues(ConversationStatus.OPEN).CountAsync(cancellationToken),
                    (int)await counters.ClosedAsync(queueIds, includeWithoutQueue: true, cancellationToken));
            case Role.AGENTE:
                return new ConversationSummaryDto(
                    await Conversations.CountAsync(c => c.Status == ConversationStatus.UNASSIGNED && c.QueueId != null && queueIds.Contains(c.QueueId.Value), cancellationToken),
                    await Conversations.CountAsync(c => c.Status == ConversationStatus.OPEN && c.AssigneeId == userId, cancellationToken),
                    0);
            default:
                return new ConversationSummaryDto(0, 0, 0);
        }

        IQueryable<Conversation> InQueues(ConversationStatus status) =>
            Conversations.Where(c => c.Status == status && (c.QueueId == null || queueIds.Contains(c.QueueId.Value)));
    }
}
