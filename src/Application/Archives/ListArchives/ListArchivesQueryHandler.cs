using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Archives.ListArchives;

internal sealed class ListArchivesQueryHandler(IApplicationDbContext db) : IQueryHandler<ListArchivesQuery, Result<PagedList<HistoryArchiveDto>>>
{
    public async ValueTask<Result<PagedList<HistoryArchiveDto>>> Handle(ListArchivesQuery query, CancellationToken cancellationToken)
    {
        var archives = db.HistoryArchives.AsNoTracking();
        if (query.Table is { } table)
        {
            archives = archives.Where(a => a.TableName == table);
        }

        var total = await archives.CountAsync(cancellationToken);
        var items = await archives
            .OrderByDescending(a => a.PeriodStart).ThenBy(a => a.TableName).ThenBy(a => a.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(a => new HistoryArchiveDto(a.Id, a.TableName, a.PeriodStart, a.PeriodEnd, a.Rows, a.Sha256, a.Bytes, a.CreatedAt, a.RestoredAt))
            .ToListAsync(cancellationToken);
        return new PagedList<HistoryArchiveDto>(items, query.Page, query.PageSize, total);
    }
}
