using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Auth;

/// <summary>Errors of the sign-in, session and password use cases (the MFA ones are in <see cref="MfaErrors"/>).</summary>
public static class AuthErrors
{
    public static readonly Error AccountChanged =
        Error.Conflict("auth.account_changed", "The account changed while the session was being opened. Sign in again.");

    public static readonly Error SessionNotFound =
        Error.NotFound("auth.session_not_found", "You have no active session with this id.");

    public static readonly Error InvalidRefreshToken =
        Error.Unauthorized("auth.invalid_refresh_token", "The refresh token is unknown, expired or revoked. Sign in again.");

    public static readonly Error RefreshTokenReused =
        Error.Unauthorized("auth.refresh_token_reused", "This refresh token was already used. Every session started from it has been ended; sign in again.");

    public static readonly Error WrongCurrentPassword =
        Error.Unprocessable("auth.wrong_current_password", "The current password is incorrect.");

    public static readonly Error PasswordIsEmail =
        Error.Unprocessable("auth.password_is_email", "The password must not be the e-mail address.");
}
