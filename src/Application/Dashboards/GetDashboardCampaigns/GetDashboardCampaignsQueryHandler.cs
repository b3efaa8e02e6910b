using Mediator;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Dashboards.GetDashboardCampaigns;

internal sealed class GetDashboardCampaignsQueryHandler(DashboardViews views, IDashboardCache cache) : IQueryHandler<GetDashboardCampaignsQuery, Result<DashboardCampaignsDto>>
{
    public async ValueTask<Result<DashboardCampaignsDto>> Handle(GetDashboardCampaignsQuery query, CancellationToken cancellationToken)
    {
        var resolved = await views.ResolveAsync(query, cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        var (scope, period) = resolved.Value;
        return await cache.GetOrAddAsync("campaigns", scope, period, null, () => views.CampaignsAsync(scope, period, cancellationToken), cancellationToken);
    }
}
