using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.AuditLogs.ListAuditLogs;

/// <summary>The audit trail, newest first, filtered by actor, action, outcome and time range.</summary>
[RequireRole(Role.ADMIN)]
[RequireScope(Scopes.AuditRead)]
public sealed record ListAuditLogsQuery(string? ActorId, string? Action, AuditOutcome? Outcome, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = PageDefaults.PageSize)
    : IQuery<Result<PagedList<AuditLogDto>>>;

public sealed record AuditLogDto(
    Guid Id,
    DateTimeOffset OccurredAt,
    ActorKind ActorKind,
    string ActorId,
    string Action,
    string? TargetType,
    string? TargetId,
    AuditOutcome Outcome,
    string? Reason,
    string? IpAddress,
    string? UserAgent,
    string? RequestId);
