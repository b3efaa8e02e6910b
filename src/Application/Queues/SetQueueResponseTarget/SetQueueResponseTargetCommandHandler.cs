using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.SetQueueResponseTarget;

internal sealed class SetQueueResponseTargetCommandHandler(IApplicationDbContext db, ConversationAccess access, TimeProvider clock)
    : ICommandHandler<SetQueueResponseTargetCommand, Result<QueueResponseTargetDto>>
{
    public async ValueTask<Result<QueueResponseTargetDto>> Handle(SetQueueResponseTargetCommand command, CancellationToken cancellationToken)
    {
        var queue = await db.Queues.SingleOrDefaultAsync(q => q.Id == command.Id && q.DeletedAt == null, cancellationToken);
        var actor = access.Actor;
        if (queue is null || (actor.Role == Role.SUPERVISOR && !await access.IsMemberAsync(queue.Id, actor.UserId!.Value, cancellationToken)))
        {
            return QueueErrors.NotFound(command.Id);
        }

        queue.SetFirstResponseTarget(command.FirstResponseTargetSeconds!.Value, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new QueueResponseTargetDto(queue.Id, queue.FirstResponseTargetSeconds);
    }
}
