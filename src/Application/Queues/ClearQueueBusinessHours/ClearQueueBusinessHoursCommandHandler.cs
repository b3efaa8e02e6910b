using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Queues.ClearQueueBusinessHours;

internal sealed class ClearQueueBusinessHoursCommandHandler(IApplicationDbContext db, ActorContext actor, AuditScope audit, TimeProvider clock)
    : ICommandHandler<ClearQueueBusinessHoursCommand, Result<QueueBusinessHoursDto>>
{
    public async ValueTask<Result<QueueBusinessHoursDto>> Handle(ClearQueueBusinessHoursCommand command, CancellationToken cancellationToken)
    {
        var queue = await db.Queues.SingleOrDefaultAsync(q => q.Id == command.Id && q.DeletedAt == null, cancellationToken);
        if (queue is null)
        {
            return QueueErrors.NotFound(command.Id);
        }

        var now = clock.GetUtcNow();
        if (queue.BusinessHours is null)
        {
            audit.SetNote("unchanged");
            return BusinessHoursMapper.ToDto(queue.Id, null, now);
        }

        var change = queue.SetBusinessHours(null, actor.Current.Id, now);
        db.QueueBusinessHoursChanges.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        audit.SetNote($"change {change.Id}");
        return BusinessHoursMapper.ToDto(queue.Id, null, now);
    }
}
