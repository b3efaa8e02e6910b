using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users.GetUser;

[RequireRole(Role.ADMIN)]
[RequireScope(Scopes.UsersRead)]
public sealed record GetUserQuery(Guid Id) : IQuery<Result<UserDto>>;
