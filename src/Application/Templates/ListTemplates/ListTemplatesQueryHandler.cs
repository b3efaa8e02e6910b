using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Templates.ListTemplates;

internal sealed class ListTemplatesQueryHandler(IApplicationDbContext db) : IQueryHandler<ListTemplatesQuery, Result<PagedList<TemplateDto>>>
{
    public async ValueTask<Result<PagedList<TemplateDto>>> Handle(ListTemplatesQuery query, CancellationToken cancellationToken)
    {
        var templates = db.MessageTemplates.AsNoTracking();
        if (query.ConnectionId is { } connectionId)
        {
            templates = templates.Where(t => t.ConnectionId == connectionId);
        }

        if (query.Status is { Length: > 0 } status)
        {
            var wanted = status.ToUpperInvariant();
            templates = templates.Where(t => t.Status == wanted);
        }

        if (query.Category is { Length: > 0 } category)
        {
            var wanted = category.ToUpperInvariant();
            templates = templates.Where(t => t.Category == wanted);
        }

        if (query.Search is { Length: > 0 } search)
        {
            var fragment = search.Trim().ToLowerInvariant();
            templates = templates.Where(t => t.Name.Contains(fragment));
        }

        var total = await templates.CountAsync(cancellationToken);
        var rows = await templates
            .OrderBy(t => t.Name).ThenBy(t => t.Language).ThenBy(t => t.ConnectionId)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedList<TemplateDto>(rows.Select(TemplateDto.From).ToList(), query.Page, query.PageSize, total);
    }
}
