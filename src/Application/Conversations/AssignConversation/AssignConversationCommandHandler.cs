using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Conversations.AssignConversation;

internal sealed class AssignConversationCommandHandler(IApplicationDbContext db, ConversationAccess access, AuditScope auditScope, MessagingOptions messaging, TimeProvider clock)
    : ICommandHandler<AssignConversationCommand, Result<ConversationDto>>
{
    public async ValueTask<Result<ConversationDto>> Handle(AssignConversationCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForCommandAsync(command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            // An agent who races for a conversation of their queue and loses learns that it was taken (the refusal is still audited as denied).
            return auditScope.DenialReason == ConversationAccess.DenialReasons.AssignedToAnotherAgent ? ConversationErrors.Taken : found.Error;
        }

        var conversation = found.Value;
        var userId = access.Actor.UserId!.Value;
        var now = clock.GetUtcNow();
        if (conversation.Status == ConversationStatus.OPEN)
        {
            return conversation.AssigneeId == userId
                ? (await ConversationReader.ReadAsync(db, conversation.Id, now, messaging.ServiceWindow, cancellationToken))!
                : ConversationErrors.Taken;
        }

        conversation.AssignTo(userId, now);
        if (!await ConversationSaver.TrySaveAsync(db, cancellationToken))
        {
            return conversation.Status == ConversationStatus.OPEN && conversation.AssigneeId != userId ? ConversationErrors.Taken : ConversationErrors.Changed;
        }

        return (await ConversationReader.ReadAsync(db, conversation.Id, now, messaging.ServiceWindow, cancellationToken))!;
    }
}
