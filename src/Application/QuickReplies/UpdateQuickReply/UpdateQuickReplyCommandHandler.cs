using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.QuickReplies;

namespace WhatsSuite.Application.QuickReplies.UpdateQuickReply;

internal sealed class UpdateQuickReplyCommandHandler(IApplicationDbContext db, QuickReplyAccess access, TimeProvider clock)
    : ICommandHandler<UpdateQuickReplyCommand, Result<QuickReplyDto>>
{
    public async ValueTask<Result<QuickReplyDto>> Handle(UpdateQuickReplyCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForChangeAsync(command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var reply = found.Value;
        if (QuickReplyTemplate.Unknown(command.Text!) is { Count: > 0 } unknown)
        {
            return QuickReplyErrors.UnknownVariables(unknown);
        }

        var shortcut = QuickReply.NormalizeShortcut(command.Shortcut!);
        if (await db.QuickReplies.AnyAsync(r => r.Id != reply.Id && r.Shortcut == shortcut && r.QueueId == reply.QueueId && r.OwnerId == reply.OwnerId, cancellationToken))
        {
            return QuickReplyErrors.ShortcutTaken;
        }

        reply.Update(command.Shortcut!, command.Title!, command.Text!, clock.GetUtcNow());
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
