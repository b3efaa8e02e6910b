using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Queues.DeleteQueue;

internal sealed class DeleteQueueCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<DeleteQueueCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DeleteQueueCommand command, CancellationToken cancellationToken)
    {
        var queue = await db.Queues.SingleOrDefaultAsync(q => q.Id == command.Id && q.DeletedAt == null, cancellationToken);
        if (queue is null)
        {
            return QueueErrors.NotFound(command.Id);
        }

        queue.Delete(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
