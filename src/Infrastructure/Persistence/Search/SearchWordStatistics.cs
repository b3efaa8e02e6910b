using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Infrastructure.Persistence.Search;

/// <summary>
/// PostgreSQL's statistics of the search documents' message words, kept by the instance and read again every
/// <see cref="RefreshEvery"/> (docs/decisions/0061-common-search-term-walks-the-list-first.md): the most common words of
/// <c>message_words</c> with the share of documents holding each (<c>pg_stats.most_common_elems</c>, which
/// <c>ANALYZE</c> and autovacuum keep), and the documents' estimated count. They change only when the table is analysed,
/// so a search does not read them; one that reads them a few minutes late only chooses a slower way to the same page.
/// </summary>
internal sealed class SearchWordStatistics(TimeProvider clock)
{
    /// <summary>How long the statistics read are used before they are read again.</summary>
    internal static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);

    // The element frequencies end with three summary figures (lowest, highest, and the share of empty values): unnest
    // pairs them with no word, and they are left out. Only the table's own statistics: were it ever partitioned, the
    // statistics over its partitions would list every word a second time.
    private const string Query = """
        SELECT u.word AS "Word", u.share::float8 AS "Share", greatest(c.reltuples, 0)::float8 AS "Documents"
        FROM pg_stats AS s
        JOIN pg_class AS c ON c.oid = to_regclass('conversation_search_documents')
        CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(word, share)
        WHERE s.schemaname = current_schema() AND s.tablename = 'conversation_search_documents' AND s.attname = 'message_words' AND NOT s.inherited
            AND u.word IS NOT NULL
        """;

    private Snapshot? _snapshot;

    /// <summary>The statistics, read from <paramref name="db"/> when those at hand are older than <see cref="RefreshEvery"/>; null when the database has none.</summary>
    public async Task<SearchWordShares?> GetAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow();
        if (Volatile.Read(ref _snapshot) is { } current && now - current.ReadAt < RefreshEvery)
        {
            return current.Shares;
        }

        var rows = await db.Database.SqlQueryRaw<WordShareRow>(Query).ToListAsync(cancellationToken);
        var shares = rows.Count == 0 || rows[0].Documents <= 0
            ? null
            : new SearchWordShares(rows.ToFrozenDictionary(r => r.Word, r => r.Share, StringComparer.Ordinal), rows[0].Documents);
        Volatile.Write(ref _snapshot, new Snapshot(shares, now));
        return shares;
    }

    private sealed record Snapshot(SearchWordShares? Shares, DateTimeOffset ReadAt);

    private sealed class WordShareRow
    {
        public string Word { get; init; } = string.Empty;

        public double Share { get; init; }

        public double Documents { get; init; }
    }
}
