using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.TransferConversation;

internal sealed class TransferConversationCommandHandler(
    IApplicationDbContext db,
    ConversationAccess access,
    AuditScope auditScope,
    AfterCommit afterCommit,
    IBackgroundWorkSignal signal,
    MessagingOptions messaging,
    TimeProvider clock) : ICommandHandler<TransferConversationCommand, Result<ConversationDto>>
{
    public async ValueTask<Result<ConversationDto>> Handle(TransferConversationCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForCommandAsync(command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var conversation = found.Value;
        var actor = access.Actor;
        if (actor.Role == Role.AGENTE && !(conversation.Status == ConversationStatus.OPEN && conversation.AssigneeId == actor.UserId))
        {
            return ConversationErrors.NotAssignee;
        }

        var queueId = conversation.QueueId;
        if (command.ToQueueId is { } toQueueId && toQueueId != conversation.QueueId)
        {
            var linked = await db.Connections
                .Where(c => c.Id == conversation.ConnectionId)
                .SelectMany(c => c.Queues)
                .AnyAsync(l => l.QueueId == toQueueId && db.Queues.Any(q => q.Id == toQueueId && q.DeletedAt == null), cancellationToken);
            if (!linked)
            {
                return ConversationErrors.QueueNotLinked;
            }

            queueId = toQueueId;
        }

        var now = clock.GetUtcNow();
        if (command.ToUserId is { } toUserId)
        {
            if (conversation.Status == ConversationStatus.OPEN && conversation.AssigneeId == toUserId)
            {
                return ConversationErrors.SameAssignee;
            }

            var target = await db.Users.AsNoTracking().Where(u => u.Id == toUserId).Select(u => new { u.IsActive, u.Role }).SingleOrDefaultAsync(cancellationToken);
            if (target is null || !target.IsActive || target.Role is not (Role.AGENTE or Role.SUPERVISOR))
            {
                return ConversationErrors.TransferTargetInvalid;
            }

            if (queueId is not null && !await access.IsMemberAsync(queueId, toUserId, cancellationToken))
            {
                return ConversationErrors.TransferTargetNotMember;
            }

            if (queueId != conversation.QueueId)
            {
                conversation.MoveToQueue(queueId, now);
            }

            conversation.AssignTo(toUserId, now);
        }
        else
        {
            if (queueId == conversation.QueueId)
            {
                return ConversationErrors.SameQueue;
            }

            conversation.MoveToQueue(queueId, now);
            if (!conversation.Reopen(now))
            {
                conversation.Unassign(now);
            }

            afterCommit.Add(() => signal.Notify(BackgroundWork.AutoAssignment));
        }

        if (!await ConversationSaver.TrySaveAsync(db, cancellationToken))
        {
            return conversation.Status == ConversationStatus.OPEN && conversation.AssigneeId != actor.UserId ? ConversationErrors.Taken : ConversationErrors.Changed;
        }

        auditScope.SetNote(command.Note);
        return (await ConversationReader.ReadAsync(db, conversation.Id, now, messaging.ServiceWindow, cancellationToken))!;
    }
}
