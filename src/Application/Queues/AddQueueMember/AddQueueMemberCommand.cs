using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.AddQueueMember;

/// <summary>Adds an active user to a queue. Adding a member twice changes nothing.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record AddQueueMemberCommand(Guid QueueId, Guid UserId) : ICommand<Result<QueueDto>>, IAuditTarget
{
    public string AuditTargetType => QueueErrors.TargetType;

    public string? AuditTargetId => QueueId.ToString();
}
