using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Dashboards.GetDashboardQueues;

/// <summary>The period per queue: messages, first responses against the queue's target, resolutions and what waits right now.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetDashboardQueuesQuery(DateOnly? From, DateOnly? To, string? TimeZone, Guid? QueueId) : IQuery<Result<DashboardQueuesDto>>, IDashboardRequest;
