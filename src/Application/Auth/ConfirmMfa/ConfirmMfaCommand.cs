using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.ConfirmMfa;

/// <summary>
/// Confirms the pending enrolment with a code from the authenticator app: MFA is on from now and the answer
/// carries 10 single-use recovery codes, shown only this once (stored hashed). Every session of the user
/// ends, this one included: the next sign-in goes through the second step.
/// </summary>
[RequireRole]
[AllowWhileMfaEnrollmentRequired]
public sealed record ConfirmMfaCommand(string Code) : ICommand<Result<MfaRecoveryCodesDto>>
{
    public override string ToString() => nameof(ConfirmMfaCommand);
}

public sealed record MfaRecoveryCodesDto(IReadOnlyList<string> RecoveryCodes);
