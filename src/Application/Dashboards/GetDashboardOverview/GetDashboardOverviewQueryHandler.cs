using Mediator;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Dashboards.GetDashboardOverview;

internal sealed class GetDashboardOverviewQueryHandler(DashboardViews views, IDashboardCache cache) : IQueryHandler<GetDashboardOverviewQuery, Result<DashboardOverviewDto>>
{
    public async ValueTask<Result<DashboardOverviewDto>> Handle(GetDashboardOverviewQuery query, CancellationToken cancellationToken)
    {
        var resolved = await views.ResolveAsync(query, cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        var (scope, period) = resolved.Value;
        return await cache.GetOrAddAsync("overview", scope, period, null, () => views.OverviewAsync(scope, period, cancellationToken), cancellationToken);
    }
}
