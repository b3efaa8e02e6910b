using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Exports.GetConversationExport;

internal sealed class GetConversationExportQueryHandler(IApplicationDbContext db, ActorContext actorContext)
    : IQueryHandler<GetConversationExportQuery, Result<ConversationExportFileDto>>
{
    public async ValueTask<Result<ConversationExportFileDto>> Handle(GetConversationExportQuery query, CancellationToken cancellationToken)
    {
        var export = await ConversationExportVisibility.VisibleTo(db.ConversationExports.AsNoTracking(), actorContext.Current)
            .Where(e => e.Id == query.Id)
            .SingleOrDefaultAsync(cancellationToken);
        return export is null ? ExportErrors.NotFound(query.Id) : ConversationExportFileDto.From(export);
    }
}
