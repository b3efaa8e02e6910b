namespace WhatsSuite.Application.Common.Security;

/// <summary>Sign-in rules, filled from configuration by the Infrastructure layer.</summary>
public sealed class AuthenticationOptions
{
    /// <summary>Lifetime of a refresh token (<c>REFRESH_TOKEN_EXPIRES_IN</c>, default 7 days).</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Failed logins that lock an account (<c>LOGIN_MAX_FAILED_ATTEMPTS</c>, default 5).</summary>
    public int MaxFailedLogins { get; init; } = 5;

    /// <summary>The window for counting failures and the length of the lock (<c>LOGIN_LOCKOUT_MINUTES</c>, default 15).</summary>
    public TimeSpan LockoutWindow { get; init; } = TimeSpan.FromMinutes(15);
}
