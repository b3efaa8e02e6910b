using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Dashboards;

namespace WhatsSuite.Application.Dashboards.GetDashboardReport;

internal sealed class GetDashboardReportQueryHandler(DashboardViews views, DashboardReader reader) : IQueryHandler<GetDashboardReportQuery, Result<DashboardReportDto>>
{
    public async ValueTask<Result<DashboardReportDto>> Handle(GetDashboardReportQuery query, CancellationToken cancellationToken)
    {
        var resolved = await views.ResolveAsync(query, cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        var (scope, period) = resolved.Value;
        string? queueName = null;
        if (query.QueueId is { } queueId)
        {
            queueName = (await reader.QueuesAsync(cancellationToken)).GetValueOrDefault(queueId)?.Name;
        }

        return new DashboardReportDto(
            queueName,
            reader.Now,
            await views.OverviewAsync(scope, period, cancellationToken),
            await views.DailyAsync(scope, period, cancellationToken),
            await views.QueuesAsync(scope, period, cancellationToken),
            await views.AgentsAsync(scope, period, cancellationToken),
            await views.CampaignsAsync(scope, period, cancellationToken),
            await views.DrilldownAsync(scope, period, DrilldownLevel.Hour, cancellationToken));
    }
}
