using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Conversations.MarkConversationRead;

internal sealed class MarkConversationReadCommandHandler(IApplicationDbContext db, ConversationAccess access, MessagingOptions messaging, TimeProvider clock)
    : ICommandHandler<MarkConversationReadCommand, Result<ConversationDto>>
{
    public async ValueTask<Result<ConversationDto>> Handle(MarkConversationReadCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForCommandAsync(command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var now = clock.GetUtcNow();
        if (found.Value.MarkRead(now) && !await ConversationSaver.TrySaveAsync(db, cancellationToken))
        {
            return ConversationErrors.Changed;
        }

        return (await ConversationReader.ReadAsync(db, command.Id, now, messaging.ServiceWindow, cancellationToken))!;
    }
}
