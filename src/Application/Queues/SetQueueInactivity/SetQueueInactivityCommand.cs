using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.SetQueueInactivity;

/// <summary>
/// Sets a queue's own inactivity rule: minutes of silence before the assignee of an OPEN conversation is warned and
/// before it is closed (0: never; null: the system default). A SUPERVISOR may set it for the queues they belong to.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record SetQueueInactivityCommand(Guid Id, int? WarnMinutes, int? CloseMinutes) : ICommand<Result<QueueInactivityDto>>, IAuditTarget
{
    public string AuditTargetType => QueueErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}

/// <summary>The queue's own minutes (null: the system default) and the rule in force after resolving them.</summary>
public sealed record QueueInactivityDto(Guid QueueId, int? WarnMinutes, int? CloseMinutes, int EffectiveWarnMinutes, int EffectiveCloseMinutes);
