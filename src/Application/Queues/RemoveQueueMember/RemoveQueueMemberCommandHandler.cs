using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Queues.RemoveQueueMember;

internal sealed class RemoveQueueMemberCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<RemoveQueueMemberCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(RemoveQueueMemberCommand command, CancellationToken cancellationToken)
    {
        var queue = await db.Queues.Include(q => q.Members).SingleOrDefaultAsync(q => q.Id == command.QueueId && q.DeletedAt == null, cancellationToken);
        if (queue is null)
        {
            return QueueErrors.NotFound(command.QueueId);
        }

        if (!queue.RemoveMember(command.UserId, clock.GetUtcNow()))
        {
            return QueueErrors.NotAMember;
        }

        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
