using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Dashboards.GetDashboardDaily;

/// <summary>The period day by day (local days of the time zone): messages, answered waits and closings.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetDashboardDailyQuery(DateOnly? From, DateOnly? To, string? TimeZone, Guid? QueueId) : IQuery<Result<DashboardDailyDto>>, IDashboardRequest;
