using Mediator;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Dashboards.GetDashboardQueues;

internal sealed class GetDashboardQueuesQueryHandler(DashboardViews views, IDashboardCache cache) : IQueryHandler<GetDashboardQueuesQuery, Result<DashboardQueuesDto>>
{
    public async ValueTask<Result<DashboardQueuesDto>> Handle(GetDashboardQueuesQuery query, CancellationToken cancellationToken)
    {
        var resolved = await views.ResolveAsync(query, cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        var (scope, period) = resolved.Value;
        return await cache.GetOrAddAsync("queues", scope, period, null, () => views.QueuesAsync(scope, period, cancellationToken), cancellationToken);
    }
}
