using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.QuickReplies;

namespace WhatsSuite.Application.QuickReplies.CreateQuickReply;

internal sealed class CreateQuickReplyCommandHandler(IApplicationDbContext db, QuickReplyAccess access, TimeProvider clock)
    : ICommandHandler<CreateQuickReplyCommand, Result<QuickReplyDto>>
{
    public async ValueTask<Result<QuickReplyDto>> Handle(CreateQuickReplyCommand command, CancellationToken cancellationToken)
    {
        if (command.QueueId is { } queueId && !await access.ManagesQueueAsync(queueId, cancellationToken))
        {
            return QuickReplyErrors.NotQueueSupervisor;
        }

        if (QuickReplyTemplate.Unknown(command.Text!) is { Count: > 0 } unknown)
        {
            return QuickReplyErrors.UnknownVariables(unknown);
        }

        var ownerId = command.QueueId is null ? access.UserId : (Guid?)null;
        var shortcut = QuickReply.NormalizeShortcut(command.Shortcut!);
        if (await db.QuickReplies.AnyAsync(r => r.Shortcut == shortcut && r.QueueId == command.QueueId && r.OwnerId == ownerId, cancellationToken))
        {
            return QuickReplyErrors.ShortcutTaken;
        }

        var reply = QuickReply.Create(command.Shortcut!, command.Title!, command.Text!, command.QueueId, ownerId, access.UserId, clock.GetUtcNow());
        db.QuickReplies.Add(reply);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            return QuickReplyErrors.ShortcutTaken;
        }

        return QuickReplyAccess.ToDto(reply);
    }
}
