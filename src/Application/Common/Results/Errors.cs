namespace WhatsSuite.Application.Common.Results;

/// <summary>Errors shared by several use cases.</summary>
public static class Errors
{
    public static readonly Error Unauthenticated =
        Error.Unauthorized("auth.unauthenticated", "A valid access token is required: sign in again (POST /api/v1/auth/login) if yours has expired or its session has ended.");

    public static readonly Error Forbidden =
        Error.Forbidden("auth.forbidden", "You are not allowed to perform this action.");

    public static readonly Error PasswordChangeRequired =
        Error.Forbidden("auth.password_change_required", "Change your password before using the rest of the API.");

    public static readonly Error MfaEnrollmentRequired =
        Error.Forbidden("auth.mfa_enrollment_required", "Your role requires multi-factor authentication: enrol with POST /api/v1/auth/mfa/enroll first.");

    public static readonly Error InvalidCredentials =
        Error.Unauthorized("auth.invalid_credentials", "E-mail or password is incorrect.");

    /// <summary>The sign-in throttle's answer to an e-mail locked by failed sign-ins (any sign-in use case).</summary>
    public static Error AccountLocked(TimeSpan retryAfter) =>
        Error.Locked("auth.account_locked", "Too many failed sign-ins: this account is locked for a while. Try again later.", retryAfter);

    /// <summary>The sign-in throttle's answer to too many attempts for one e-mail (any sign-in use case).</summary>
    public static Error TooManySignInAttempts(TimeSpan retryAfter) =>
        Error.TooManyRequests("auth.too_many_attempts", "Too many sign-in attempts for this e-mail; try again later.", retryAfter);

    public static Error UserNotFound(Guid id) =>
        Error.NotFound("users.not_found", $"User '{id}' does not exist.");
}
