using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Templates.GetTemplate;

internal sealed class GetTemplateQueryHandler(IApplicationDbContext db) : IQueryHandler<GetTemplateQuery, Result<TemplateDto>>
{
    public async ValueTask<Result<TemplateDto>> Handle(GetTemplateQuery query, CancellationToken cancellationToken)
    {
        var template = await db.MessageTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == query.Id, cancellationToken);
        return template is null ? TemplateErrors.NotFound(query.Id) : TemplateDto.From(template);
    }
}
