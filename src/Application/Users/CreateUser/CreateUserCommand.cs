using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users.CreateUser;

/// <summary>
/// Creates a user with a temporary password chosen by the admin; the user must change it at first login.
/// </summary>
[RequireRole(Domain.Users.Role.ADMIN)]
[RequireScope(Scopes.UsersWrite)]
public sealed record CreateUserCommand(string Email, string FullName, Role Role, string Password) : ICommand<Result<UserDto>>;
