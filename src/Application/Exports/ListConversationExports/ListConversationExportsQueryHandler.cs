using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Exports.ListConversationExports;

internal sealed class ListConversationExportsQueryHandler(IApplicationDbContext db, ActorContext actorContext)
    : IQueryHandler<ListConversationExportsQuery, Result<PagedList<ConversationExportFileDto>>>
{
    public async ValueTask<Result<PagedList<ConversationExportFileDto>>> Handle(ListConversationExportsQuery query, CancellationToken cancellationToken)
    {
        var exports = ConversationExportVisibility.VisibleTo(db.ConversationExports.AsNoTracking(), actorContext.Current);
        var total = await exports.CountAsync(cancellationToken);
        var items = await exports
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedList<ConversationExportFileDto>(items.Select(ConversationExportFileDto.From).ToList(), query.Page, query.PageSize, total);
    }
}
