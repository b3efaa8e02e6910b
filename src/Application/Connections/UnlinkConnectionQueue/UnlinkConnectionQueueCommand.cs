using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Connections.UnlinkConnectionQueue;

/// <summary>Unlinks a queue from a connection. Unlinking a queue that is not linked changes nothing.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record UnlinkConnectionQueueCommand(Guid ConnectionId, Guid QueueId) : ICommand<Result<ConnectionDto>>, IAuditTarget
{
    public string AuditTargetType => ConnectionErrors.TargetType;

    public string? AuditTargetId => ConnectionId.ToString();
}
