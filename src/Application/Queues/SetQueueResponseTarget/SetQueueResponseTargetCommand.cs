using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.SetQueueResponseTarget;

/// <summary>
/// Sets a queue's service level: the first-response target in seconds (1 to 604,800) that the dashboards count SLA
/// breaches against. A SUPERVISOR may set it for the queues they are a member of.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record SetQueueResponseTargetCommand(Guid Id, int? FirstResponseTargetSeconds) : ICommand<Result<QueueResponseTargetDto>>, IAuditTarget
{
    public string AuditTargetType => QueueErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}

public sealed record QueueResponseTargetDto(Guid QueueId, int FirstResponseTargetSeconds);
