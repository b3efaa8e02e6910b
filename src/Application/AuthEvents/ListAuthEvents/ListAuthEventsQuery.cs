using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.AuthEvents.ListAuthEvents;

/// <summary>Authentication events, newest first, filtered by user, type and time range.</summary>
[RequireRole(Role.ADMIN)]
[RequireScope(Scopes.AuditRead)]
public sealed record ListAuthEventsQuery(Guid? UserId, AuthEventType? Type, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = PageDefaults.PageSize)
    : IQuery<Result<PagedList<AuthEventDto>>>;

public sealed record AuthEventDto(
    Guid Id,
    DateTimeOffset OccurredAt,
    AuthEventType Type,
    Guid? UserId,
    string? Email,
    Guid? PerformedBy,
    string? Reason,
    string? IpAddress,
    string? UserAgent);
