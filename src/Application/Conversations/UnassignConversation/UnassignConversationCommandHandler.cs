using Mediator;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Conversations.UnassignConversation;

internal sealed class UnassignConversationCommandHandler(
    IApplicationDbContext db, ConversationAccess access, AfterCommit afterCommit, IBackgroundWorkSignal signal, MessagingOptions messaging, TimeProvider clock)
    : ICommandHandler<UnassignConversationCommand, Result<ConversationDto>>
{
    public async ValueTask<Result<ConversationDto>> Handle(UnassignConversationCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForCommandAsync(command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var conversation = found.Value;
        if (conversation.Status != ConversationStatus.OPEN)
        {
            return ConversationErrors.NotOpen;
        }

        if (conversation.AssigneeId != access.Actor.UserId && !await access.ManagesAsync(conversation, cancellationToken))
        {
            return ConversationErrors.NotAssignee;
        }

        var now = clock.GetUtcNow();
        conversation.Unassign(now);
        if (!await ConversationSaver.TrySaveAsync(db, cancellationToken))
        {
            return ConversationErrors.Changed;
        }

        afterCommit.Add(() => signal.Notify(BackgroundWork.AutoAssignment));
        return (await ConversationReader.ReadAsync(db, conversation.Id, now, messaging.ServiceWindow, cancellationToken))!;
    }
}
