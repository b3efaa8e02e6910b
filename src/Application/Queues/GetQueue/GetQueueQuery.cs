using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.GetQueue;

[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetQueueQuery(Guid Id) : IQuery<Result<QueueDto>>;
