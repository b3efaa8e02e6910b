using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Campaigns.GetCampaign;

internal sealed class GetCampaignQueryHandler(IApplicationDbContext db) : IQueryHandler<GetCampaignQuery, Result<CampaignDto>>
{
    public async ValueTask<Result<CampaignDto>> Handle(GetCampaignQuery query, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.AsNoTracking().Include(c => c.Connections).SingleOrDefaultAsync(c => c.Id == query.Id, cancellationToken);
        return campaign is null ? CampaignErrors.NotFound(query.Id) : CampaignDto.From(campaign);
    }
}
