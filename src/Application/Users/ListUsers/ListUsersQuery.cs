using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users.ListUsers;

/// <summary>Users, filtered by role, active flag and a search over name and e-mail; ordered by name.</summary>
[RequireRole(Domain.Users.Role.ADMIN)]
[RequireScope(Scopes.UsersRead)]
public sealed record ListUsersQuery(Role? Role, bool? IsActive, string? Search, int Page = 1, int PageSize = PageDefaults.PageSize)
    : IQuery<Result<PagedList<UserDto>>>;
