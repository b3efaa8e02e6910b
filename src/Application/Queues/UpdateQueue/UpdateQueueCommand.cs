using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.UpdateQueue;

/// <summary>Replaces a queue's name, description, strategy and capacity (all required except the description).</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record UpdateQueueCommand(Guid Id, string Name, string? Description, AssignmentStrategy? Strategy, int? AgentCapacity) : ICommand<Result<QueueDto>>, IAuditTarget
{
    public string AuditTargetType => QueueErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
