using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Application.Queues.UpdateQueue;

internal sealed class UpdateQueueCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<UpdateQueueCommand, Result<QueueDto>>
{
    public async ValueTask<Result<QueueDto>> Handle(UpdateQueueCommand command, CancellationToken cancellationToken)
    {
        var queue = await db.Queues.SingleOrDefaultAsync(q => q.Id == command.Id && q.DeletedAt == null, cancellationToken);
        if (queue is null)
        {
            return QueueErrors.NotFound(command.Id);
        }

        var normalized = Queue.NormalizeName(command.Name);
        if (await db.Queues.AnyAsync(q => q.NormalizedName == normalized && q.DeletedAt == null && q.Id != queue.Id, cancellationToken))
        {
            return QueueErrors.NameTaken;
        }

        queue.Update(command.Name, command.Description, command.Strategy!.Value, command.AgentCapacity!.Value, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            return QueueErrors.NameTaken;
        }

        return (await QueueReader.ReadAsync(db, queue.Id, clock.GetUtcNow(), cancellationToken))!;
    }
}
