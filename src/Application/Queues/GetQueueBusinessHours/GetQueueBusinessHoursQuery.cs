using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.GetQueueBusinessHours;

/// <summary>A queue's business hours, whether it is open now and when it opens next.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetQueueBusinessHoursQuery(Guid Id) : IQuery<Result<QueueBusinessHoursDto>>;
