using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.RemoveQueueMember;

/// <summary>Removes a user from a queue; 404 when they are not a member.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record RemoveQueueMemberCommand(Guid QueueId, Guid UserId) : ICommand<Result<Unit>>, IAuditTarget
{
    public string AuditTargetType => QueueErrors.TargetType;

    public string? AuditTargetId => QueueId.ToString();
}
