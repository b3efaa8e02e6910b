using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Queues.GetQueueBusinessHours;

internal sealed class GetQueueBusinessHoursQueryHandler(IApplicationDbContext db, TimeProvider clock)
    : IQueryHandler<GetQueueBusinessHoursQuery, Result<QueueBusinessHoursDto>>
{
    public async ValueTask<Result<QueueBusinessHoursDto>> Handle(GetQueueBusinessHoursQuery query, CancellationToken cancellationToken)
    {
        var queue = await db.Queues.AsNoTracking()
            .Where(q => q.Id == query.Id && q.DeletedAt == null)
            .Select(q => new { q.Id, q.BusinessHours })
            .SingleOrDefaultAsync(cancellationToken);
        return queue is null ? QueueErrors.NotFound(query.Id) : BusinessHoursMapper.ToDto(queue.Id, queue.BusinessHours, clock.GetUtcNow());
    }
}
