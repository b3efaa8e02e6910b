using Microsoft.EntityFrameworkCore;

namespace WhatsSuite.Infrastructure.Persistence.Search;

/// <summary>
/// Writes the search document of every conversation that has none (those stored before search documents existed),
/// in batches, with the same normalization as the live path. Runs at start-up after the migrations; a database
/// where every conversation has its document costs one index probe.
/// </summary>
internal static class ConversationSearchBackfill
{
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var documents = db.Set<ConversationSearchDocument>();
        var written = 0;
        while (true)
        {
            var batch = await db.Conversations.AsNoTracking()
                .Where(c => !documents.Any(d => d.ConversationId == c.Id))
                .OrderBy(c => c.Id)
                .Take(BatchSize)
                .Join(db.Contacts, c => c.ContactId, k => k.Id, (c, k) => new { c.Id, k.DisplayName, k.ProfileName, k.Username, k.UserId, k.WaId })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return written;
            }

            var ids = batch.Select(c => c.Id).ToList();
            var texts = (await db.Messages.AsNoTracking()
                    .Where(m => ids.Contains(m.ConversationId) && m.Text != null)
                    .Select(m => new { m.ConversationId, m.SentAt, m.Id, m.Text })
                    .ToListAsync(cancellationToken))
                .OrderBy(m => m.SentAt).ThenBy(m => m.Id)
                .ToLookup(m => m.ConversationId, m => m.Text);
            foreach (var conversation in batch)
            {
                var document = new ConversationSearchDocument(conversation.Id);
                document.SetContact(conversation.DisplayName, conversation.ProfileName, conversation.Username, conversation.UserId, conversation.WaId);
                document.AppendMessages(texts[conversation.Id]);

                documents.Add(document);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            written += batch.Count;
        }
    }
}
