namespace WhatsSuite.Domain.Audit;

/// <summary>Authentication events kept in <c>auth_events</c>.</summary>
public enum AuthEventType
{
    LoginSucceeded = 1,
    LoginFailed = 2,
    Logout = 3,
    ForcedLogout = 4,
    PasswordChanged = 5,
    MfaEnabled = 6,
    MfaDisabled = 7,
    MfaFailed = 8,
    RecoveryCodeUsed = 9,
}
