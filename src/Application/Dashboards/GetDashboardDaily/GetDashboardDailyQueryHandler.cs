using Mediator;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Dashboards.GetDashboardDaily;

internal sealed class GetDashboardDailyQueryHandler(DashboardViews views, IDashboardCache cache) : IQueryHandler<GetDashboardDailyQuery, Result<DashboardDailyDto>>
{
    public async ValueTask<Result<DashboardDailyDto>> Handle(GetDashboardDailyQuery query, CancellationToken cancellationToken)
    {
        var resolved = await views.ResolveAsync(query, cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        var (scope, period) = resolved.Value;
        return await cache.GetOrAddAsync("daily", scope, period, null, () => views.DailyAsync(scope, period, cancellationToken), cancellationToken);
    }
}
