using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Dashboards.GetDashboardAgents;

/// <summary>The period per user: messages sent, waits answered (median, p90, SLA breaches), conversations closed and held now, and presence time.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetDashboardAgentsQuery(DateOnly? From, DateOnly? To, string? TimeZone, Guid? QueueId) : IQuery<Result<DashboardAgentsDto>>, IDashboardRequest;
