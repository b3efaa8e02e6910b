using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.LoginWithMfa;

/// <summary>
/// Second sign-in step for a user with MFA: the challenge token from the login answer plus a current code
/// or an unused recovery code. The challenge is single-use: any attempt, right or wrong, uses it up.
/// </summary>
[PublicAccess]
public sealed record LoginWithMfaCommand(string ChallengeToken, string? Code, string? RecoveryCode) : ICommand<Result<AccessTokenDto>>
{
    public override string ToString() => nameof(LoginWithMfaCommand);
}
