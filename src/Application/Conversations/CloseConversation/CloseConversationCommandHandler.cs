using Mediator;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Conversations.CloseConversation;

internal sealed class CloseConversationCommandHandler(
    IApplicationDbContext db, ConversationAccess access, AfterCommit afterCommit, IBackgroundWorkSignal signal, MessagingOptions messaging, TimeProvider clock)
    : ICommandHandler<CloseConversationCommand, Result<ConversationDto>>
{
    public async ValueTask<Result<ConversationDto>> Handle(CloseConversationCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForCommandAsync(command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var conversation = found.Value;
        if (conversation.Status == ConversationStatus.CLOSED)
        {
            return ConversationErrors.AlreadyClosed;
        }

        var holds = conversation.Status == ConversationStatus.OPEN && conversation.AssigneeId == access.Actor.UserId;
        if (!holds && !await access.ManagesAsync(conversation, cancellationToken))
        {
            return ConversationErrors.NotAssignee;
        }

        var freesAnAgent = conversation.Status == ConversationStatus.OPEN && conversation.AssigneeId is not null;
        var now = clock.GetUtcNow();
        conversation.Close(now);
        if (!await ConversationSaver.TrySaveAsync(db, cancellationToken))
        {
            return ConversationErrors.Changed;
        }

        // An agent with one open conversation fewer may take a waiting one.
        if (freesAnAgent)
        {
            afterCommit.Add(() => signal.Notify(BackgroundWork.AutoAssignment));
        }

        return (await ConversationReader.ReadAsync(db, conversation.Id, now, messaging.ServiceWindow, cancellationToken))!;
    }
}
