using Mediator;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Dashboards.GetDashboardDrilldown;

internal sealed class GetDashboardDrilldownQueryHandler(DashboardViews views, IDashboardCache cache) : IQueryHandler<GetDashboardDrilldownQuery, Result<DashboardDrilldownDto>>
{
    public async ValueTask<Result<DashboardDrilldownDto>> Handle(GetDashboardDrilldownQuery query, CancellationToken cancellationToken)
    {
        var resolved = await views.ResolveAsync(query, cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        var (scope, period) = resolved.Value;
        var level = DrilldownLevels.ByName[query.Level!];
        return await cache.GetOrAddAsync("drilldown", scope, period, query.Level, () => views.DrilldownAsync(scope, period, level, cancellationToken), cancellationToken);
    }
}
