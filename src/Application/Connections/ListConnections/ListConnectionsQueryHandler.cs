using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Connections.ListConnections;

internal sealed class ListConnectionsQueryHandler(IApplicationDbContext db, ISecretProtector protector, ActorContext actorContext)
    : IQueryHandler<ListConnectionsQuery, Result<PagedList<ConnectionDto>>>
{
    public async ValueTask<Result<PagedList<ConnectionDto>>> Handle(ListConnectionsQuery query, CancellationToken cancellationToken)
    {
        var connections = db.Connections.Where(c => c.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
            connections = connections.Where(c => c.NormalizedName.Contains(term));
        }

        if (ConnectionRules.TryParseStatus(query.Status, out var status))
        {
            connections = connections.Where(c => c.Status == status);
        }

        if (ConnectionRules.TryParseProvider(query.Provider, out var provider))
        {
            connections = connections.Where(c => c.Provider == provider);
        }

        var total = await connections.CountAsync(cancellationToken);
        var page = connections.OrderBy(c => c.NormalizedName).ThenBy(c => c.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize);
        var items = await ConnectionReader.ReadManyAsync(db, protector, actorContext.Current, page, cancellationToken);
        return new PagedList<ConnectionDto>(items, query.Page, query.PageSize, total);
    }
}
