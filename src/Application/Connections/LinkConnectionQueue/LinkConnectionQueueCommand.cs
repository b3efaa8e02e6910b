using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Connections.LinkConnectionQueue;

/// <summary>Links a queue to a connection (its conversations go to the queue). Linking twice changes nothing.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record LinkConnectionQueueCommand(Guid ConnectionId, Guid QueueId) : ICommand<Result<ConnectionDto>>, IAuditTarget
{
    public string AuditTargetType => ConnectionErrors.TargetType;

    public string? AuditTargetId => ConnectionId.ToString();
}
