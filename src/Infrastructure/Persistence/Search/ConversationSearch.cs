using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Infrastructure.Persistence.Search;

/// <summary>
/// Substring search over the search documents. PostgreSQL: <c>LIKE '%term%'</c> on both parts, answered by their
/// <c>pg_trgm</c> GIN indexes (the term's own <c>%</c>, <c>_</c> and backslash are escaped). SQLite: an FTS5 trigram phrase query on <c>conversation_search_fts</c>.
/// </summary>
internal sealed class ConversationSearch(AppDbContext db) : IConversationSearch
{
    public IQueryable<Guid> Matching(string normalizedTerm)
    {
        ArgumentNullException.ThrowIfNull(normalizedTerm);
        var documents = db.Set<ConversationSearchDocument>();
        if (db.Database.IsSqlite())
        {
            var phrase = "\"" + normalizedTerm.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            return documents
                .FromSql($"SELECT d.* FROM conversation_search_documents AS d WHERE d.rowid IN (SELECT rowid FROM conversation_search_fts WHERE conversation_search_fts MATCH {phrase})")
                .Select(d => d.ConversationId);
        }

        var pattern = "%" + normalizedTerm.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return documents
            .Where(d => EF.Functions.Like(d.ContactText, pattern, "\\") || EF.Functions.Like(d.MessageText, pattern, "\\"))
            .Select(d => d.ConversationId);
    }
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
