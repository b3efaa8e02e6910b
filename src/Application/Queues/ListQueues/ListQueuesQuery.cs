using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.ListQueues;

/// <summary>Queues that are not deleted, by name, with their members; optional search over the name.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ListQueuesQuery(string? Search, int Page = 1, int PageSize = PageDefaults.PageSize) : IQuery<Result<PagedList<QueueDto>>>;
