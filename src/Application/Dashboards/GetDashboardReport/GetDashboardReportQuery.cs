using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Dashboards.GetDashboardReport;

/// <summary>Everything a printed report of a period shows: the overview, the daily series, the queues, the agents and the campaigns.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetDashboardReportQuery(DateOnly? From, DateOnly? To, string? TimeZone, Guid? QueueId) : IQuery<Result<DashboardReportDto>>, IDashboardRequest;

/// <summary>The figures of a printed report; <see cref="QueueName"/> names the queue when the report is for one.</summary>
public sealed record DashboardReportDto(
    string? QueueName,
    DateTimeOffset GeneratedAt,
    DashboardOverviewDto Overview,
    DashboardDailyDto Daily,
    DashboardQueuesDto Queues,
    DashboardAgentsDto Agents,
    DashboardCampaignsDto Campaigns,
    DashboardDrilldownDto Hours);
