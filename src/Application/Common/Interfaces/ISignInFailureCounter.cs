namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Failed sign-ins per account key (a hash of the normalised e-mail, whether or not an account has it), shared
/// by every instance. <see cref="ReserveAsync"/> counts an attempt as a failure <em>before</em> its password is
/// checked, atomically with reading the count, so concurrent guesses cannot all pass a check made before any of
/// them failed; a success clears the count, and an attempt that ended without an answer gives its place back.
/// </summary>
public interface ISignInFailureCounter
{
    /// <summary>
    /// Counts one attempt. When the key already holds <paramref name="maxFailures"/> or more unexpired failures
    /// the count goes up but the expiry stays (the answer is then over the limit: locked); otherwise the count
    /// goes up and expires <paramref name="window"/> from <paramref name="now"/>. An expired count starts again at one.
    /// </summary>
    Task<SignInReservation> ReserveAsync(string accountKey, int maxFailures, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>A successful sign-in: the count starts again.</summary>
    Task ClearAsync(string accountKey, CancellationToken cancellationToken);

    /// <summary>An attempt that was reserved but ended without an answer (a fault): it no longer counts.</summary>
    Task ReleaseAsync(string accountKey, CancellationToken cancellationToken);
}

/// <summary>The count after a reservation, and when it expires.</summary>
public readonly record struct SignInReservation(int Count, DateTimeOffset ExpiresAt);
