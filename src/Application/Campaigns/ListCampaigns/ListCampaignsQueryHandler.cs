using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Campaigns.ListCampaigns;

internal sealed class ListCampaignsQueryHandler(IApplicationDbContext db) : IQueryHandler<ListCampaignsQuery, Result<PagedList<CampaignDto>>>
{
    public async ValueTask<Result<PagedList<CampaignDto>>> Handle(ListCampaignsQuery query, CancellationToken cancellationToken)
    {
        var campaigns = db.Campaigns.AsNoTracking();
        if (query.Status is { } name && ListCampaignsQuery.TryParseStatus(name, out var status))
        {
            campaigns = campaigns.Where(c => c.Status == status);
        }

        if (query.Search is { Length: > 0 } search)
        {
            var fragment = search.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // ToLower().Contains translates to SQL on both providers; the StringComparison overload does not.
            campaigns = campaigns.Where(c => c.Name.ToLower().Contains(fragment));
#pragma warning restore CA1862
        }

        var total = await campaigns.CountAsync(cancellationToken);
        var rows = await campaigns.Include(c => c.Connections)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedList<CampaignDto>(rows.Select(CampaignDto.From).ToList(), query.Page, query.PageSize, total);
    }
}
