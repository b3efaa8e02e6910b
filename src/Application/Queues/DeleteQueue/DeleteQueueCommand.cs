using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.DeleteQueue;

/// <summary>Deletes a queue. The row is kept (conversations keep their reference); its name becomes free again.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record DeleteQueueCommand(Guid Id) : ICommand<Result<Unit>>, IAuditTarget
{
    public string AuditTargetType => QueueErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
