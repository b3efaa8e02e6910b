using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.DisableMfa;

/// <summary>
/// Turns the caller's MFA off; needs the password and a current code or an unused recovery code. Every
/// session of the user ends, this one included (a role that requires MFA must enrol again after signing in).
/// </summary>
[RequireRole]
public sealed record DisableMfaCommand(string Password, string? Code, string? RecoveryCode) : ICommand<Result<Unit>>
{
    public override string ToString() => nameof(DisableMfaCommand);
}
