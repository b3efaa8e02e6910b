using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Dashboards.GetDashboardDrilldown;

/// <summary>
/// The period broken down by <see cref="Level"/> (agent, connection, hour, day, queue, status or message_type) as
/// <c>{key, label, value}</c> rows.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetDashboardDrilldownQuery(string? Level, DateOnly? From, DateOnly? To, string? TimeZone, Guid? QueueId)
    : IQuery<Result<DashboardDrilldownDto>>, IDashboardRequest;
