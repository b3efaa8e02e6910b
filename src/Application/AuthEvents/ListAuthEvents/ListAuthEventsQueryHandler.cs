using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.AuthEvents.ListAuthEvents;

internal sealed class ListAuthEventsQueryHandler(IApplicationDbContext db) : IQueryHandler<ListAuthEventsQuery, Result<PagedList<AuthEventDto>>>
{
    public async ValueTask<Result<PagedList<AuthEventDto>>> Handle(ListAuthEventsQuery query, CancellationToken cancellationToken)
    {
        var events = AuthEventFilter.Apply(db.AuthEvents.AsNoTracking(), query.UserId, query.Type, query.From, query.To);
        var total = await events.CountAsync(cancellationToken);
        var items = await events
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(e => new AuthEventDto(e.Id, e.OccurredAt, e.Type, e.UserId, e.Email, e.PerformedBy, e.Reason, e.IpAddress, e.UserAgent))
            .ToListAsync(cancellationToken);
        return new PagedList<AuthEventDto>(items, query.Page, query.PageSize, total);
    }
}
