using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.ApiKeys.ListApiKeys;

internal sealed class ListApiKeysQueryHandler(IApplicationDbContext db) : IQueryHandler<ListApiKeysQuery, Result<IReadOnlyList<ApiKeyDto>>>
{
    public async ValueTask<Result<IReadOnlyList<ApiKeyDto>>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
        return keys.Select(ApiKeyDto.From).ToList();
    }
}
