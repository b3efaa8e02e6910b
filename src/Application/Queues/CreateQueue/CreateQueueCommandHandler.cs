using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Application.Queues.CreateQueue;

internal sealed class CreateQueueCommandHandler(IApplicationDbContext db, AuditScope auditScope, TimeProvider clock) : ICommandHandler<CreateQueueCommand, Result<QueueDto>>
{
    public async ValueTask<Result<QueueDto>> Handle(CreateQueueCommand command, CancellationToken cancellationToken)
    {
        var normalized = Queue.NormalizeName(command.Name);
        if (await db.Queues.AnyAsync(q => q.NormalizedName == normalized && q.DeletedAt == null, cancellationToken))
        {
            return QueueErrors.NameTaken;
        }

        var queue = Queue.Create(command.Name, command.Description, command.Strategy ?? AssignmentStrategy.Manual, command.AgentCapacity ?? CreateQueueCommand.DefaultAgentCapacity, clock.GetUtcNow());
        db.Queues.Add(queue);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            return QueueErrors.NameTaken;
        }

        auditScope.SetTarget(QueueErrors.TargetType, queue.Id.ToString());
        return (await QueueReader.ReadAsync(db, queue.Id, clock.GetUtcNow(), cancellationToken))!;
    }
}
