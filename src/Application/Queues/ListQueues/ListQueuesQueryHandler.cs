using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Queues.ListQueues;

internal sealed class ListQueuesQueryHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<ListQueuesQuery, Result<PagedList<QueueDto>>>
{
    public async ValueTask<Result<PagedList<QueueDto>>> Handle(ListQueuesQuery query, CancellationToken cancellationToken)
    {
        var queues = db.Queues.Where(q => q.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
            queues = queues.Where(q => q.NormalizedName.Contains(term));
        }

        var total = await queues.CountAsync(cancellationToken);
        var page = queues.OrderBy(q => q.NormalizedName).ThenBy(q => q.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize);
        var items = await QueueReader.ReadManyAsync(db, page, clock.GetUtcNow(), cancellationToken);
        return new PagedList<QueueDto>(items, query.Page, query.PageSize, total);
    }
}
