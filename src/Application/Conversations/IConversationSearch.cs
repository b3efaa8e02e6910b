namespace WhatsSuite.Application.Conversations;

/// <summary>
/// The conversation search index: one search document per conversation (the contact's names, number, username
/// and user id, and the text of its latest messages, all <see cref="ConversationSearchText"/>-normalized), kept
/// up to date in the transaction that stores a message. The search's meaning (docs/decisions/0045-word-search.md):
/// the contact part matches the term as a substring (any part of a name or number); the message part matches
/// whole words, every word of the term in any order, the last one also as a word prefix
/// (<see cref="ConversationSearchText.Words"/>, <see cref="ConversationSearchText.MinPrefixLength"/>). PostgreSQL
/// answers from a <c>pg_trgm</c> GIN index (contact) and a <c>tsvector</c> GIN index (messages); SQLite from FTS5.
/// </summary>
public interface IConversationSearch
{
    /// <summary>The ids of the conversations whose document matches <paramref name="normalizedTerm"/> (a <see cref="ConversationSearchText.ForQuery"/> form), as a sub-query.</summary>
    IQueryable<Guid> Matching(string normalizedTerm);

    /// <summary>
    /// Runs <paramref name="read"/> (queries over the search documents and the conversations' indexes) in one
    /// transaction in which the database reads from indexes whatever the planner estimates: its estimate of a word
    /// prefix says nothing of how common the word is, and a few thousand ids may be a tenth of a small table, where it
    /// would rather read the table whole while the indexes answer exactly.
    /// </summary>
    Task<T> ReadFromIndexesAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken);

    /// <summary>
    /// Inside <see cref="ReadFromIndexesAsync{T}"/>: the statements that follow are planned for their own parameter
    /// values, although the connection keeps them prepared. A plan made for any values tests a row against an array
    /// parameter by comparing it with each element in turn; one made for the array at hand looks the row up in a hash
    /// table of its elements, and costs a millisecond or two to make.
    /// </summary>
    Task PlanForTheseValuesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// How common the message words of the documents are, from the database's statistics (read again every few
    /// minutes); null when it keeps none: SQLite, or documents not yet analysed.
    /// </summary>
    Task<SearchWordShares?> WordSharesAsync(CancellationToken cancellationToken);
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
