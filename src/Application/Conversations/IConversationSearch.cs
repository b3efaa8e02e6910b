namespace WhatsSuite.Application.Conversations;

/// <summary>
/// The conversation search index: one search document per conversation (the contact's names, number, username
/// and user id, and the text of its latest messages, all <see cref="ConversationSearchText"/>-normalized), kept
/// up to date in the transaction that stores a message. PostgreSQL answers from <c>pg_trgm</c> GIN indexes,
/// SQLite from an FTS5 trigram table; both match the term as a substring.
/// </summary>
public interface IConversationSearch
{
    /// <summary>The ids of the conversations whose document contains <paramref name="normalizedTerm"/>, as a sub-query.</summary>
    IQueryable<Guid> Matching(string normalizedTerm);
}

/// <summary>The conversation counters kept incrementally by the database.</summary>
public interface IConversationCounters
{
    /// <summary>
    /// How many CLOSED conversations there are in <paramref name="queueIds"/> (all queues when null), plus those
    /// without a queue when <paramref name="includeWithoutQueue"/>.
    /// </summary>
    Task<long> ClosedAsync(IReadOnlyCollection<Guid>? queueIds, bool includeWithoutQueue, CancellationToken cancellationToken);
}
