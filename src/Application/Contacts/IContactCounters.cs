using WhatsSuite.Application.Common.Paging;

namespace WhatsSuite.Application.Contacts;

/// <summary>
/// The contact counters kept incrementally by the database, so that the contacts list's total does not count every
/// contact on each page (docs/decisions/0058-contacts-list-counters-and-trigram-search.md).
/// </summary>
public interface IContactCounters
{
    /// <summary>
    /// How many contacts there are with the opt-out flag <paramref name="optedOut"/> and the marketing opt-out flag
    /// <paramref name="marketingOptedOut"/> (either flag: when null): an ADMIN's total, from one row per pair of flags.
    /// </summary>
    Task<int> CountAsync(bool? optedOut, bool? marketingOptedOut, CancellationToken cancellationToken);

    /// <summary>
    /// How many contacts have a conversation in one of <paramref name="queueIds"/> or without a queue, with the flags
    /// as in <see cref="CountAsync"/>, counted up to <see cref="PageTotal.Cap"/>: a SUPERVISOR's total, from the
    /// database's list of which contacts each queue has conversations with.
    /// </summary>
    Task<PageTotal> InQueuesAsync(IReadOnlyCollection<Guid> queueIds, bool? optedOut, bool? marketingOptedOut, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of the contacts that have a conversation in one of <paramref name="queueIds"/> or without a queue, as a
    /// query to compose (a SUPERVISOR's contacts, <see cref="ContactAccess"/>): read per contact from the same
    /// trigger-kept list, without reading the conversations.
    /// </summary>
    IQueryable<Guid> ContactIdsInQueues(IQueryable<Guid> queueIds);
}
