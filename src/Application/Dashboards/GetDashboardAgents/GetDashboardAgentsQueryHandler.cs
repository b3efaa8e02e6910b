using Mediator;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Dashboards.GetDashboardAgents;

internal sealed class GetDashboardAgentsQueryHandler(DashboardViews views, IDashboardCache cache) : IQueryHandler<GetDashboardAgentsQuery, Result<DashboardAgentsDto>>
{
    public async ValueTask<Result<DashboardAgentsDto>> Handle(GetDashboardAgentsQuery query, CancellationToken cancellationToken)
    {
        var resolved = await views.ResolveAsync(query, cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        var (scope, period) = resolved.Value;
        return await cache.GetOrAddAsync("agents", scope, period, null, () => views.AgentsAsync(scope, period, cancellationToken), cancellationToken);
    }
}
