using Mediator;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Conversations.ReopenConversation;

internal sealed class ReopenConversationCommandHandler(
    IApplicationDbContext db, ConversationAccess access, AfterCommit afterCommit, IBackgroundWorkSignal signal, MessagingOptions messaging, TimeProvider clock)
    : ICommandHandler<ReopenConversationCommand, Result<ConversationDto>>
{
    public async ValueTask<Result<ConversationDto>> Handle(ReopenConversationCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForCommandAsync(command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var conversation = found.Value;
        if (!await access.ManagesAsync(conversation, cancellationToken))
        {
            return ConversationErrors.SupervisorsOnly;
        }

        var now = clock.GetUtcNow();
        if (!conversation.Reopen(now))
        {
            return ConversationErrors.NotClosed;
        }

        if (!await ConversationSaver.TrySaveAsync(db, cancellationToken))
        {
            return ConversationErrors.Changed;
        }

        afterCommit.Add(() => signal.Notify(BackgroundWork.AutoAssignment));
        return (await ConversationReader.ReadAsync(db, conversation.Id, now, messaging.ServiceWindow, cancellationToken))!;
    }
}
