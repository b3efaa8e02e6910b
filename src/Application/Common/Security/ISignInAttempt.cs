namespace WhatsSuite.Application.Common.Security;

/// <summary>
/// A command that checks a password for an e-mail. The sign-in throttle (<c>SignInThrottleBehavior</c>) applies
/// the per-e-mail budget and the lockout to it, before its handler runs and outside its transaction.
/// </summary>
public interface ISignInAttempt
{
    /// <summary>The e-mail as sent; the throttle normalises it.</summary>
    string SignInEmail { get; }
}
