using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Dashboards.GetDashboardOverview;

/// <summary>The headline figures of a period: messages, first responses (median, p90, SLA breaches), resolutions and what waits right now.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetDashboardOverviewQuery(DateOnly? From, DateOnly? To, string? TimeZone, Guid? QueueId) : IQuery<Result<DashboardOverviewDto>>, IDashboardRequest;
