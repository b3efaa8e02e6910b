using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users.UpdateUser;

/// <summary>
/// Changes a user's name, role and active flag (all three required). Deactivating or changing the role ends
/// all of the user's sessions, on every instance: the next request with an old token is refused.
/// </summary>
[RequireRole(Domain.Users.Role.ADMIN)]
[RequireScope(Scopes.UsersWrite)]
public sealed record UpdateUserCommand(Guid Id, string FullName, Role? Role, bool? IsActive) : ICommand<Result<UserDto>>, IAuditTarget
{
    public string AuditTargetType => UserErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
