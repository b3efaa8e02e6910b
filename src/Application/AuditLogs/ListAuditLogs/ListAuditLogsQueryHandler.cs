using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.AuditLogs.ListAuditLogs;

internal sealed class ListAuditLogsQueryHandler(IApplicationDbContext db) : IQueryHandler<ListAuditLogsQuery, Result<PagedList<AuditLogDto>>>
{
    public async ValueTask<Result<PagedList<AuditLogDto>>> Handle(ListAuditLogsQuery query, CancellationToken cancellationToken)
    {
        var logs = AuditLogFilter.Apply(db.AuditLogs.AsNoTracking(), query.ActorId, query.Action, query.Outcome, query.From, query.To);
        var total = await logs.CountAsync(cancellationToken);
        var items = await logs
            .OrderByDescending(l => l.OccurredAt).ThenByDescending(l => l.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(l => new AuditLogDto(l.Id, l.OccurredAt, l.ActorKind, l.ActorId, l.Action, l.TargetType, l.TargetId, l.Outcome, l.Reason, l.IpAddress, l.UserAgent, l.RequestId))
            .ToListAsync(cancellationToken);
        return new PagedList<AuditLogDto>(items, query.Page, query.PageSize, total);
    }
}
