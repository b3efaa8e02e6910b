using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users.DeactivateUser;

/// <summary>Deactivates a user: they can no longer sign in, and every session they hold ends at once.</summary>
[RequireRole(Role.ADMIN)]
[RequireScope(Scopes.UsersWrite)]
public sealed record DeactivateUserCommand(Guid Id) : ICommand<Result<UserDto>>, IAuditTarget
{
    public string AuditTargetType => UserErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
