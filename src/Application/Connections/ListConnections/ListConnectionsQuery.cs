using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Connections.ListConnections;

/// <summary>
/// Connections that are not deleted, by name; optional filters <paramref name="Status"/>
/// (<c>active</c>, <c>invalid_credentials</c>, <c>disabled</c>), <paramref name="Provider"/>
/// (<c>cloud_api</c>, <c>sandbox</c>) and a search over the name.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ListConnectionsQuery(string? Search, string? Status, string? Provider, int Page = 1, int PageSize = PageDefaults.PageSize)
    : IQuery<Result<PagedList<ConnectionDto>>>;
