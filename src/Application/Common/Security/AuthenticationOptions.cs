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

    /// <summary>Sign-in attempts per e-mail, successful or not, within <see cref="EmailAttemptWindow"/> (<c>RATE_LIMIT_AUTH_EMAIL_MAX_REQUESTS</c>, default 10).</summary>
    public int MaxEmailAttempts { get; init; } = 10;

    /// <summary>The window of <see cref="MaxEmailAttempts"/> (<c>RATE_LIMIT_AUTH_EMAIL_WINDOW_SECONDS</c>, default 60 s).</summary>
    public TimeSpan EmailAttemptWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Password verifications running at once in this instance (<c>PASSWORD_VERIFY_CONCURRENCY</c>, default half the cores, at least one).</summary>
    public int PasswordVerifyConcurrency { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Verifications that may wait for a slot (<c>PASSWORD_VERIFY_QUEUE</c>, default 8); beyond that 503 at once.</summary>
    public int PasswordVerifyQueue { get; init; } = 8;

    /// <summary>How long a verification waits for a slot before 503 (<c>PASSWORD_VERIFY_QUEUE_MS</c>, default 2 s).</summary>
    public TimeSpan PasswordVerifyQueueTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
