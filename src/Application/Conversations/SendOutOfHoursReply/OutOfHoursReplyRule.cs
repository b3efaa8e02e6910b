using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Conversations.SendOutOfHoursReply;

/// <summary>
/// The rule inbound processing applies to the conversations a customer just wrote in: when the conversation's queue has
/// an out-of-hours reply and was closed when the customer wrote, and no reply went out in that closed period yet, a
/// <see cref="SendOutOfHoursReplyCommand"/> is queued once the messages are committed. The command checks it all again
/// and claims the period, so queueing it twice (a retried delivery, two deliveries at once) sends one reply.
/// </summary>
internal sealed class OutOfHoursReplyRule(IApplicationDbContext db, AfterCommit afterCommit, IOutOfHoursReplies replies)
{
    public async Task ApplyAsync(IReadOnlyCollection<Conversation> conversations, CancellationToken cancellationToken)
    {
        var queueIds = conversations.Where(c => c.QueueId is not null).Select(c => c.QueueId!.Value).Distinct().ToList();
        if (queueIds.Count == 0)
        {
            return;
        }

        var hours = (await db.Queues.AsNoTracking()
                .Where(q => queueIds.Contains(q.Id) && q.DeletedAt == null && q.BusinessHours != null)
                .Select(q => new { q.Id, q.BusinessHours })
                .ToListAsync(cancellationToken))
            .Where(q => q.BusinessHours!.HasOutOfHoursReply)
            .ToDictionary(q => q.Id, q => q.BusinessHours!);
        foreach (var conversation in conversations)
        {
            if (conversation.Status != ConversationStatus.CLOSED
                && conversation.QueueId is { } queueId
                && hours.TryGetValue(queueId, out var queueHours)
                && conversation.LastInboundAt is { } wroteAt
                && queueHours.ClosedSince(wroteAt) is { } closedSince
                && (conversation.OutOfHoursRepliedAt is not { } repliedAt || repliedAt < closedSince))
            {
                var id = conversation.Id;
                afterCommit.Add(() => replies.Enqueue(id));
            }
        }
    }
}
