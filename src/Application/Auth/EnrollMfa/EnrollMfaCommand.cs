using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.EnrollMfa;

/// <summary>
/// Starts (or restarts) the caller's TOTP enrolment: a new secret for an authenticator app, pending until
/// <c>ConfirmMfaCommand</c> receives a valid code. The secret is stored encrypted.
/// </summary>
[RequireRole]
[AllowWhileMfaEnrollmentRequired]
public sealed record EnrollMfaCommand : ICommand<Result<MfaEnrollmentDto>>;

/// <summary>The base32 secret and the <c>otpauth://</c> URI to show as a QR code. Shown once.</summary>
public sealed record MfaEnrollmentDto(string Secret, string OtpauthUri);
