namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Ends a sign-in challenge outside the command's transaction, so that it is used up even when the second
/// step then fails (a wrong code rolls the command back, but not the consumption of the challenge).
/// </summary>
public interface IMfaChallengeStore
{
    /// <summary>Clears the user's challenge when its hash matches; true when it matched and had not expired. Call before reading anything else.</summary>
    Task<bool> ConsumeAsync(Guid userId, string challengeHash, DateTimeOffset now, CancellationToken cancellationToken);
}
