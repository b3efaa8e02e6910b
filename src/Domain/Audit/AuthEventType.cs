namespace WhatsSuite.Domain.Audit;

/// <summary>Authentication events kept in <c>auth_events</c>.</summary>
public enum AuthEventType
{
    LoginSucceeded = 1,
    LoginFailed = 2,
    Logout = 3,
    ForcedLogout = 4,
    PasswordChanged = 5,
    AccountLocked = 6,
    RefreshTokenReused = 7,
    MfaEnabled = 8,
    MfaDisabled = 9,
    MfaFailed = 10,
    RecoveryCodeUsed = 11,

    /// <summary>Every session of the user ended (reason and count in the event's reason): forced logout, deactivation, role, MFA or password change.</summary>
    SessionsEnded = 12,
}
