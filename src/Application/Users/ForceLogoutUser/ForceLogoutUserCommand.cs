using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users.ForceLogoutUser;

/// <summary>Ends every session of a user at once, on every API instance.</summary>
[RequireRole(Role.ADMIN)]
[RequireScope(Scopes.UsersWrite)]
public sealed record ForceLogoutUserCommand(Guid Id) : ICommand<Result<ForceLogoutResult>>, IAuditTarget
{
    public string AuditTargetType => UserErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}

public sealed record ForceLogoutResult(Guid UserId, int RevokedSessions);
