using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.QuickReplies.DeleteQuickReply;

internal sealed class DeleteQuickReplyCommandHandler(IApplicationDbContext db, QuickReplyAccess access) : ICommandHandler<DeleteQuickReplyCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(DeleteQuickReplyCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForChangeAsync(command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        db.QuickReplies.Remove(found.Value);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
