namespace WhatsSuite.Infrastructure.Identity;

/// <summary>
/// A row of <c>sign_in_failures</c>: the failed (or still unanswered) sign-ins of one account key and when they
/// expire, as Unix milliseconds so that both providers compare plain numbers. Written only by
/// <see cref="SignInFailureCounter"/>, in single atomic statements.
/// </summary>
internal sealed class SignInFailureCount
{
    public required string AccountKey { get; init; }

    public int Failures { get; init; }

    public long ExpiresAtUnixMs { get; init; }
}
