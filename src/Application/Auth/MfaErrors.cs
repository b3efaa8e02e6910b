using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Auth;

/// <summary>Errors of the MFA use cases.</summary>
public static class MfaErrors
{
    public static readonly Error AlreadyEnabled =
        Error.Conflict("auth.mfa_already_enabled", "Multi-factor authentication is already enabled; disable it first.");

    public static readonly Error NotPending =
        Error.Conflict("auth.mfa_not_pending", "Start with POST /api/v1/auth/mfa/enroll.");

    public static readonly Error NotEnabled =
        Error.Conflict("auth.mfa_not_enabled", "Multi-factor authentication is not enabled.");

    public static readonly Error InvalidCode =
        Error.Unprocessable("auth.mfa_invalid_code", "The password or the code is incorrect.");

    /// <summary>Second sign-in step: an unknown, used or expired challenge, or a wrong code, all answer the same.</summary>
    public static readonly Error ChallengeFailed =
        Error.Unauthorized("auth.mfa_failed", "The code is incorrect or the challenge expired; sign in again.");
}
