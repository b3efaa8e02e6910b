using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Infrastructure.Persistence.Search;

/// <summary>
/// The search over the search documents (docs/decisions/0045-word-search.md): the contact part by substring, the
/// message part by words. PostgreSQL: <c>contact_text LIKE '%term%'</c> (its <c>pg_trgm</c> GIN index; the term's
/// own <c>%</c>, <c>_</c> and backslash are escaped) or <c>message_words @@ to_tsquery(...)</c> (the <c>tsvector</c>
/// GIN index the database keeps from the message text with the <c>whatssuite_search</c> configuration: <c>simple</c>
/// with <c>unaccent</c>). SQLite: an FTS5 trigram phrase query on the contact part (<c>conversation_search_fts</c>)
/// or an FTS5 word query on the message part (<c>conversation_search_words</c>).
/// </summary>
internal sealed class ConversationSearch(AppDbContext db, SearchWordStatistics statistics) : IConversationSearch
{
    public IQueryable<Guid> Matching(string normalizedTerm)
    {
        ArgumentNullException.ThrowIfNull(normalizedTerm);
        var documents = db.Set<ConversationSearchDocument>();
        var words = ConversationSearchText.Words(normalizedTerm);
        if (db.Database.IsSqlite())
        {
            var phrase = "\"" + normalizedTerm.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            var matching = words.Count == 0
                ? documents.FromSql($"SELECT d.* FROM conversation_search_documents AS d WHERE d.rowid IN (SELECT rowid FROM conversation_search_fts WHERE conversation_search_fts MATCH {phrase})")
                : documents.FromSql($"SELECT d.* FROM conversation_search_documents AS d WHERE d.rowid IN (SELECT rowid FROM conversation_search_fts WHERE conversation_search_fts MATCH {phrase}) OR d.rowid IN (SELECT rowid FROM conversation_search_words WHERE conversation_search_words MATCH {SqliteWordQuery(words)})");
            return matching.Select(d => d.ConversationId);
        }

        var pattern = LikePattern(normalizedTerm);
        if (words.Count == 0)
        {
            return documents.Where(d => EF.Functions.Like(d.ContactText, pattern, "\\")).Select(d => d.ConversationId);
        }

        // The configuration is the one the database's message_words column is built with (migration SearchMessageWords).
        return documents
            .FromSql($"SELECT d.* FROM conversation_search_documents AS d WHERE d.contact_text LIKE {pattern} ESCAPE '\\' OR d.message_words @@ to_tsquery('whatssuite_search', {PostgresWordQuery(words)})")
            .Select(d => d.ConversationId);
    }

    /// <summary>
    /// PostgreSQL: in a transaction of its own with sequential scans off. Its estimate of a word prefix is a fixed share
    /// of the documents and that of a number's trigrams is rough; with a LIMIT near such an estimate it would rather
    /// read the whole documents table than the indexes, which answer exactly. The price is paid by common words: their
    /// first matches come from the index's bitmap of every match (tens of milliseconds for a word in most documents of
    /// 100,000), bounded by the time budget like the rest of their search.
    /// </summary>
    public async Task<T> ReadFromIndexesAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (db.Database.IsSqlite() || db.Database.CurrentTransaction is not null)
        {
            return await read(cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(IndexOnlyPlannerSettings, cancellationToken);
        var result = await read(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Set for the transaction of <see cref="ReadFromIndexesAsync{T}"/> only.</summary>
    internal const string IndexOnlyPlannerSettings = "SET LOCAL enable_seqscan = off";

    /// <summary>
    /// PostgreSQL: for the rest of the transaction. A plan made for any values (the connection's prepared statement,
    /// after five runs) compares a row with each element of an array parameter: 42 ms for a walk of 5,112 rows against
    /// 1,010 candidates, against 2 ms with a hash table of them (docs/decisions/0050-search-page-by-bounded-walk.md).
    /// </summary>
    public async Task PlanForTheseValuesAsync(CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite() && db.Database.CurrentTransaction is not null)
        {
            await db.Database.ExecuteSqlRawAsync("SET LOCAL plan_cache_mode = force_custom_plan", cancellationToken);
        }
    }

    public Task<SearchWordShares?> WordSharesAsync(CancellationToken cancellationToken) =>
        db.Database.IsSqlite() ? Task.FromResult<SearchWordShares?>(null) : statistics.GetAsync(db, cancellationToken);

    private static string LikePattern(string normalizedTerm) =>
        "%" + normalizedTerm.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    /// <summary>
    /// Every word required, the last also as a prefix when long enough: <c>envio &amp; (zanah | zanah:*)</c>. The prefix
    /// alone means the same, but PostgreSQL estimates any prefix at a fixed 2 % of the documents; the word itself is
    /// estimated from the column's statistics, so a common word ("envio", in most documents) is known to be common and
    /// its page is found by walking the list. The words are letters and digits only, so none needs quoting.
    /// </summary>
    internal static string PostgresWordQuery(IReadOnlyList<string> words) =>
        string.Join(" & ", words.Select((w, i) => i == words.Count - 1 && w.Length >= ConversationSearchText.MinPrefixLength ? $"({w} | {w}:*)" : w));

    /// <summary>The same for FTS5: <c>"envio" "zanah"*</c> (each word a quoted string, implicitly AND).</summary>
    internal static string SqliteWordQuery(IReadOnlyList<string> words) =>
        string.Join(' ', words.Select((w, i) => "\"" + w + "\"" + (i == words.Count - 1 && w.Length >= ConversationSearchText.MinPrefixLength ? "*" : string.Empty)));
}

/// <summary>Reads the trigger-kept CLOSED counters.</summary>
internal sealed class ConversationCounters(AppDbContext db) : IConversationCounters
{
    public async Task<long> ClosedAsync(IReadOnlyCollection<Guid>? queueIds, bool includeWithoutQueue, CancellationToken cancellationToken)
    {
        var counts = db.Set<ConversationClosedCount>().AsNoTracking().TagWith("conversations.summary");
        if (queueIds is not null)
        {
            var keys = includeWithoutQueue ? [.. queueIds, Guid.Empty] : queueIds.ToList();
            counts = counts.Where(c => keys.Contains(c.QueueKey));
        }
        else if (!includeWithoutQueue)
        {
            counts = counts.Where(c => c.QueueKey != Guid.Empty);
        }

        return await counts.SumAsync(c => c.Count, cancellationToken);
    }
}
