using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Users.EnsureAdmin;

/// <summary>
/// Start-up seed: creates the first ADMIN when no user has <paramref name="Email"/>. Without a password a
/// strong one is generated and returned once for the log. Either way the admin must change it before any
/// other call succeeds: a seeded password is known to whoever deployed the service.
/// </summary>
[SystemOnly]
public sealed record EnsureAdminCommand(string Email, string FullName, string? Password) : ICommand<Result<EnsureAdminResult>>
{
    public override string ToString() => $"{nameof(EnsureAdminCommand)} {{ Email = {Email} }}";
}

public sealed record EnsureAdminResult(bool Created, Guid UserId, string? GeneratedPassword);
