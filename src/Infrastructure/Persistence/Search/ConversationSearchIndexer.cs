using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Npgsql;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Infrastructure.Persistence.Search;

/// <summary>
/// Keeps the search documents in step with what is being saved, inside the same <c>SaveChanges</c> (so in the same
/// transaction): a stored message's text is appended to its conversation's document; a new conversation, one that
/// moved to another contact, and the conversations of a contact whose names or identifiers changed get the
/// contact part rewritten. Every code path that stores messages goes through <see cref="AppDbContext.SaveChangesAsync"/>.
/// In PostgreSQL, inside a transaction, the documents that only take messages are appended to in one statement without
/// being read (<see cref="AppendInPlaceAsync"/>); the others are read, changed and saved as entities.
/// </summary>
internal static class ConversationSearchIndexer
{
    /// <summary>What a conversation's document holds of its contact: what the contact is searched by, and its number.</summary>
    private static readonly string[] ContactTextProperties = [.. ContactSearchIndexer.TextProperties, nameof(Contact.WaId)];

    /// <summary>Runs inside <see cref="AppDbContext.SaveChangesAsync"/>, after it detected the changes and with automatic detection off.</summary>
    public static Task ApplyAsync(AppDbContext db, CancellationToken cancellationToken) => CollectAndApplyAsync(db, db.ChangeTracker, cancellationToken);

    private static async Task CollectAndApplyAsync(AppDbContext db, ChangeTracker tracker, CancellationToken cancellationToken)
    {
        var tracked = new Tracked(
            tracker.Entries<Conversation>().ToDictionary(e => e.Entity.Id, e => (e.Entity, e.State)),
            tracker.Entries<Contact>().ToDictionary(e => e.Entity.Id, e => e.Entity));
        var messages = tracker.Entries<Message>()
            .Where(e => e.State == EntityState.Added && !string.IsNullOrEmpty(e.Entity.Text))
            .Select(e => e.Entity)
            .ToList();
        var conversations = tracker.Entries<Conversation>()
            .Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && e.Property(c => c.ContactId).IsModified))
            .Select(e => e.Entity.Id)
            .ToHashSet();
        var contacts = tracker.Entries<Contact>()
            .Where(e => e.State == EntityState.Modified && ContactTextProperties.Any(p => e.Property(p).IsModified))
            .Select(e => e.Entity.Id)
            .ToList();
        if (messages.Count == 0 && conversations.Count == 0 && contacts.Count == 0)
        {
            return;
        }

        foreach (var contactId in contacts)
        {
            var ids = await db.Conversations.Where(c => c.ContactId == contactId).Select(c => c.Id).ToListAsync(cancellationToken);
            conversations.UnionWith(ids);
        }

        await ApplyAsync(db, tracked, messages, conversations, cancellationToken);
    }

    private static async Task ApplyAsync(AppDbContext db, Tracked tracked, List<Message> messages, HashSet<Guid> conversations, CancellationToken cancellationToken)
    {
        var texts = messages.OrderBy(m => m.SentAt).ThenBy(m => m.Id)
            .GroupBy(m => m.ConversationId)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Text).ToList());
        var appended = await AppendInPlaceAsync(db, tracked, texts, conversations, cancellationToken);

        // Conversations whose contact part is rewritten, then the messages' conversations (the contact part is
        // written there too when the document is new).
        var documents = new Dictionary<Guid, ConversationSearchDocument>();
        var conversationIds = conversations.Concat(texts.Keys.Where(id => !appended.Contains(id))).Distinct().ToList();
        var existing = await LoadAsync(db, conversationIds, cancellationToken);
        foreach (var conversationId in conversationIds)
        {
            var (document, created) = FindOrCreate(db, tracked, existing, conversationId);
            if (document is null)
            {
                continue;
            }

            documents[conversationId] = document;
            if (created || conversations.Contains(conversationId))
            {
                await SetContactAsync(db, tracked, document, conversationId, cancellationToken);
            }
        }

        foreach (var (conversationId, conversationTexts) in texts)
        {
            if (!appended.Contains(conversationId) && documents.TryGetValue(conversationId, out var document))
            {
                document.AppendMessages(conversationTexts);
            }
        }

        // Automatic detection is off during the save: the documents changed here are compared one by one.
        foreach (var document in documents.Values)
        {
            db.Entry(document).DetectChanges();
        }
    }

    /// <summary>
    /// PostgreSQL, inside the save's transaction: appends each conversation's new message text to its stored document
    /// with one statement for all of them, without reading the documents (a batch of webhook messages touches hundreds
    /// of conversations; reading and writing back their whole texts cost more than the append itself). The text added
    /// is <see cref="ConversationSearchDocument.Appended"/>, and a document takes it only when its text then stays
    /// within <see cref="ConversationSearchDocument.MaxMessageTextLength"/> .NET characters (UTF-16 code units, as the
    /// entity counts them), so no cut was due and the result is what <see cref="ConversationSearchDocument.AppendMessages"/>
    /// leaves. The stored text's UTF-8 length answers that cheaply for most texts (it is never less than the UTF-16
    /// length); only a text of many multi-byte characters near the limit is counted character by character. The statement
    /// also adds the appended text's words to the row's words, so the words trigger, which would read the whole old and new
    /// text to find the append, is skipped (it runs only when an UPDATE leaves the words as they were). Answers the
    /// conversations whose documents took their text; the rest (a document tracked here or not stored yet, a conversation
    /// being created, deleted or moved to another contact, a cut due) go through the entities. A transaction that changes
    /// the document meanwhile is waited for, and the append applies to what it committed.
    /// </summary>
    private static async Task<HashSet<Guid>> AppendInPlaceAsync(
        AppDbContext db, Tracked tracked, Dictionary<Guid, List<string?>> texts, HashSet<Guid> rewritten, CancellationToken cancellationToken)
    {
        if (texts.Count == 0 || db.Database.IsSqlite() || db.Database.CurrentTransaction is null)
        {
            return [];
        }

        var trackedDocuments = db.ChangeTracker.Entries<ConversationSearchDocument>().Select(e => e.Entity.ConversationId).ToHashSet();
        var appends = texts
            .Where(t => !rewritten.Contains(t.Key) && !trackedDocuments.Contains(t.Key)
                && !(tracked.Conversations.TryGetValue(t.Key, out var conversation) && conversation.State is EntityState.Added or EntityState.Deleted))
            .Select(t => (ConversationId: t.Key, Text: ConversationSearchDocument.Appended(t.Value)))
            .Where(a => a.Text.Length > 0)
            .ToList();
        if (appends.Count == 0)
        {
            return [];
        }

        var appended = await db.Database.SqlQueryRaw<Guid>(
                AppendSql,
                new NpgsqlParameter<Guid[]>("ids", [.. appends.Select(a => a.ConversationId)]),
                new NpgsqlParameter<string[]>("texts", [.. appends.Select(a => a.Text)]),
                new NpgsqlParameter<int[]>("lengths", [.. appends.Select(a => a.Text.Length)]))
            .ToListAsync(cancellationToken);
        return [.. appended];
    }

    private static readonly string AppendSql = $$"""
        UPDATE conversation_search_documents AS d
        SET message_text = CASE WHEN d.message_text = '' THEN a.text ELSE d.message_text || ' ' || a.text END,
            message_words = d.message_words || conversation_search_words(a.text)
        FROM unnest(@ids, @texts, @lengths) AS a(conversation_id, text, length)
        WHERE d.conversation_id = a.conversation_id AND CASE
            WHEN octet_length(d.message_text) + 1 + a.length <= {{ConversationSearchDocument.MaxMessageTextLength}} THEN true
            WHEN char_length(d.message_text) + 1 + a.length > {{ConversationSearchDocument.MaxMessageTextLength}} THEN false
            ELSE char_length(d.message_text) + char_length(regexp_replace(d.message_text, '[^\U00010000-\U0010FFFF]', '', 'g')) + 1 + a.length
                <= {{ConversationSearchDocument.MaxMessageTextLength}}
        END
        RETURNING d.conversation_id AS "Value"
        """;

    /// <summary>
    /// The documents of the given conversations, tracked ones first and the rest in one query (a batch of webhook
    /// messages touches many conversations: one round trip, not one per conversation).
    /// </summary>
    private static async Task<Dictionary<Guid, ConversationSearchDocument>> LoadAsync(AppDbContext db, List<Guid> conversationIds, CancellationToken cancellationToken)
    {
        var set = db.Set<ConversationSearchDocument>();
        var found = set.Local.Where(d => conversationIds.Contains(d.ConversationId)).ToDictionary(d => d.ConversationId);
        var missing = conversationIds.Where(id => !found.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var document in await set.Where(d => missing.Contains(d.ConversationId)).ToListAsync(cancellationToken))
            {
                found[document.ConversationId] = document;
            }
        }

        return found;
    }

    private static (ConversationSearchDocument? Document, bool Created) FindOrCreate(
        AppDbContext db, Tracked tracked, Dictionary<Guid, ConversationSearchDocument> existing, Guid conversationId)
    {
        if (existing.TryGetValue(conversationId, out var document))
        {
            return db.Entry(document).State == EntityState.Deleted ? (null, false) : (document, false);
        }

        if (tracked.Conversations.TryGetValue(conversationId, out var conversation) && conversation.State == EntityState.Deleted)
        {
            return (null, false);
        }

        document = new ConversationSearchDocument(conversationId);
        db.Set<ConversationSearchDocument>().Add(document);
        return (document, true);
    }

    private static async Task SetContactAsync(AppDbContext db, Tracked tracked, ConversationSearchDocument document, Guid conversationId, CancellationToken cancellationToken)
    {
        var contactId = tracked.Conversations.TryGetValue(conversationId, out var conversation)
            ? conversation.Entity.ContactId
            : await db.Conversations.Where(c => c.Id == conversationId).Select(c => (Guid?)c.ContactId).SingleOrDefaultAsync(cancellationToken);
        if (contactId is not { } id)
        {
            return;
        }

        var contact = tracked.Contacts.GetValueOrDefault(id) ?? await db.Contacts.FindAsync([id], cancellationToken);
        if (contact is not null)
        {
            document.SetContact(contact.DisplayName, contact.ProfileName, contact.Username, contact.UserId, contact.WaId);
        }
    }

    private sealed record Tracked(Dictionary<Guid, (Conversation Entity, EntityState State)> Conversations, Dictionary<Guid, Contact> Contacts);
}
