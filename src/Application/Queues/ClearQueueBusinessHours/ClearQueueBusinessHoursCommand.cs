using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.ClearQueueBusinessHours;

/// <summary>Removes a queue's business hours: it is then always open. The kept change holds the hours removed.</summary>
[RequireRole(Role.ADMIN)]
public sealed record ClearQueueBusinessHoursCommand(Guid Id) : ICommand<Result<QueueBusinessHoursDto>>, IAuditTarget
{
    public string AuditTargetType => QueueErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
