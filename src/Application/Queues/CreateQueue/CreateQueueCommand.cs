using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.CreateQueue;

/// <summary>Creates a queue. Strategy defaults to manual and the per-agent capacity to 5 open conversations.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record CreateQueueCommand(string Name, string? Description, AssignmentStrategy? Strategy, int? AgentCapacity) : ICommand<Result<QueueDto>>
{
    public const int DefaultAgentCapacity = 5;
}
