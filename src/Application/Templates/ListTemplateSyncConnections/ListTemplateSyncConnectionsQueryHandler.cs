using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Templates.ListTemplateSyncConnections;

internal sealed class ListTemplateSyncConnectionsQueryHandler(IApplicationDbContext db) : IQueryHandler<ListTemplateSyncConnectionsQuery, Result<IReadOnlyList<Guid>>>
{
    public async ValueTask<Result<IReadOnlyList<Guid>>> Handle(ListTemplateSyncConnectionsQuery query, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> ids = await db.Connections.AsNoTracking()
            .Where(c => c.DeletedAt == null && c.Status == ConnectionStatus.Active)
            .OrderBy(c => c.CreatedAt)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<Guid>>.Success(ids);
    }
}
