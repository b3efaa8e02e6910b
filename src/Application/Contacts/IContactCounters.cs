namespace WhatsSuite.Application.Contacts;

/// <summary>
/// The contact counters kept incrementally by the database: how many contacts there are per pair of opt-out flags,
/// so that the contacts list's total does not count every contact on each page (docs/decisions/0058-contacts-list-counters-and-trigram-search.md).
/// </summary>
public interface IContactCounters
{
    /// <summary>
    /// How many contacts there are with the opt-out flag <paramref name="optedOut"/> and the marketing opt-out flag
    /// <paramref name="marketingOptedOut"/> (either flag: when null).
    /// </summary>
    Task<int> CountAsync(bool? optedOut, bool? marketingOptedOut, CancellationToken cancellationToken);
}
