using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Persistence;
using WhatsSuite.Infrastructure.Persistence.Search;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>
/// A search document's words in PostgreSQL are kept by a trigger that, for an append, reads only the new text
/// (docs/decisions/0068-search-words-appended.md): after any number of appends and cuts they must be the words of the
/// whole text read at once. Messages saved in a transaction are appended to their documents in place, without reading
/// them (ConversationSearchIndexer): the text must be what the entities would have left.
/// </summary>
public sealed class SearchDocumentWordsTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly string[] Samples =
    [
        "¿Dónde está mi envío? El pedido {0} no llegó",
        "gracias😊 ENVIO-{0} ya salió, naïve café",
        "Olá, meu pedido {0} chegou quebrado!!! 📦",
        "order #{0}: refund please…",
        "ok",
    ];

    private static readonly string[] Fillers = ["é", "😊", "注文", "x"];

    [Fact]
    public async Task AppendMessage_ManyMessagesPastSeveralCuts_KeepsTheWordsOfTheWholeTextReadAtOnce()
    {
        var connection = await fixture.Seed.ConnectionAsync();
        var conversation = (await fixture.Seed.ConversationAsync(connection, null)).Id;
        var cuts = 0;
        var previous = 0;
        for (var save = 0; save < 160; save++)
        {
            await fixture.ChangeAsync(async db =>
            {
                var document = await db.Set<ConversationSearchDocument>().SingleAsync(d => d.ConversationId == conversation);
                document.AppendMessages(Enumerable.Range(save * 5, 5).Select(Text));
            });

            var (length, same) = await fixture.QueryAsync(async db => (
                await db.Set<ConversationSearchDocument>().Where(d => d.ConversationId == conversation).Select(d => d.MessageText.Length).SingleAsync(),
                await db.Database.SqlQuery<bool>($"SELECT message_words = conversation_search_words(message_text) AS \"Value\" FROM conversation_search_documents WHERE conversation_id = {conversation}").SingleAsync()));
            Assert.True(same, $"after save {save} the words differ from those of the whole text");
            Assert.InRange(length, 1, ConversationSearchDocument.MaxMessageTextLength);
            if (length < previous)
            {
                // Cut back to the latest 8,000 characters at one of the save's appends, and the rest appended after it.
                cuts++;
                Assert.InRange(length, ConversationSearchDocument.KeptMessageTextLength - 200, ConversationSearchDocument.KeptMessageTextLength + 400);
            }

            previous = length;
        }

        Assert.True(cuts >= 2, $"the document was cut {cuts} times");
        var text = await fixture.QueryAsync(db => db.Set<ConversationSearchDocument>().Where(d => d.ConversationId == conversation).Select(d => d.MessageText).SingleAsync());
        Assert.EndsWith("palabra799", text, StringComparison.Ordinal);
        Assert.DoesNotContain("palabra0 ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendMessages_SeveralAtOnce_LeavesTheTextAppendingThemOneByOneWould()
    {
        var random = new Random(7);
        var together = new ConversationSearchDocument(Guid.NewGuid());
        var oneByOne = new ConversationSearchDocument(Guid.NewGuid());
        for (var n = 0; n < 3000;)
        {
            var count = random.Next(0, 40);
            var texts = Enumerable.Range(n, count).Select(i => i % 7 == 0 ? "   " : Text(i) + new string('x', random.Next(0, 300))).ToList();
            together.AppendMessages(texts);
            foreach (var text in texts)
            {
                oneByOne.AppendMessage(text);
            }

            Assert.Equal(oneByOne.MessageText, together.MessageText);
            n += count;
        }

        Assert.InRange(together.MessageText.Length, ConversationSearchDocument.KeptMessageTextLength - 300, ConversationSearchDocument.MaxMessageTextLength);
    }

    [Fact]
    public async Task SaveChanges_MessagesInATransaction_AppendInPlaceWhatTheEntitiesWouldLeave()
    {
        var connection = await fixture.Seed.ConnectionAsync();
        var inPlace = (await fixture.Seed.ConversationAsync(connection, null)).Id;
        var throughEntities = (await fixture.Seed.ConversationAsync(connection, null)).Id;
        var random = new Random(11);
        var (appendedInPlace, readAtACut) = (0, 0);
        for (int save = 0, n = 0; save < 150; save++)
        {
            // Accents (folded), emoji and CJK (more UTF-8 bytes than .NET characters), whitespace-only texts.
            var texts = Enumerable.Range(n, random.Next(1, 10))
                .Select(i => i % 9 == 0 ? " \t " : Text(i) + " " + string.Concat(Enumerable.Repeat(Fillers[i % Fillers.Length], random.Next(0, 100))))
                .ToList();
            n += texts.Count;

            if (await SaveMessagesAsync(connection, inPlace, texts, inTransaction: true))
            {
                appendedInPlace++;
            }
            else
            {
                readAtACut++;
            }

            Assert.False(await SaveMessagesAsync(connection, throughEntities, texts, inTransaction: false), "without a transaction the document is read");
            var (expected, actual, same) = await fixture.QueryAsync(async db => (
                await db.Set<ConversationSearchDocument>().Where(d => d.ConversationId == throughEntities).Select(d => d.MessageText).SingleAsync(),
                await db.Set<ConversationSearchDocument>().Where(d => d.ConversationId == inPlace).Select(d => d.MessageText).SingleAsync(),
                await db.Database.SqlQuery<bool>($"SELECT message_words = conversation_search_words(message_text) AS \"Value\" FROM conversation_search_documents WHERE conversation_id = {inPlace}").SingleAsync()));
            Assert.Equal(expected, actual);
            Assert.True(same, $"after save {save} the words differ from those of the whole text");
        }

        // Most saves appended in place; those that would pass the limit read the document and cut it.
        Assert.InRange(appendedInPlace, 100, 148);
        Assert.InRange(readAtACut, 2, 50);
    }

    [Fact]
    public async Task SaveChanges_AppendsWithAndWithoutWordsThenAnEntityRewrite_KeepTheWordsOfTheWholeText()
    {
        var connection = await fixture.Seed.ConnectionAsync();
        var conversation = (await fixture.Seed.ConversationAsync(connection, null)).Id;

        // The in-place append gives the row its words; an append without words (emoji, punctuation) leaves them as
        // they were, and the trigger adds them; a save outside a transaction rewrites the text through the entity.
        Assert.True(await SaveMessagesAsync(connection, conversation, ["Envío número uno"], inTransaction: true));
        Assert.True(await SaveMessagesAsync(connection, conversation, ["😊📦 !!! …"], inTransaction: true));
        Assert.True(await SaveMessagesAsync(connection, conversation, ["PEDIDO entregado"], inTransaction: true));
        Assert.False(await SaveMessagesAsync(connection, conversation, ["reembolso"], inTransaction: false));

        var (words, same) = await fixture.QueryAsync(async db => (
            await db.Database.SqlQuery<string>($"SELECT message_words::text AS \"Value\" FROM conversation_search_documents WHERE conversation_id = {conversation}").SingleAsync(),
            await db.Database.SqlQuery<bool>($"SELECT message_words = conversation_search_words(message_text) AS \"Value\" FROM conversation_search_documents WHERE conversation_id = {conversation}").SingleAsync()));
        Assert.True(same, $"the words {words} differ from those of the whole text");
        Assert.Contains("'envio'", words, StringComparison.Ordinal);
        Assert.Contains("'entregado'", words, StringComparison.Ordinal);
        Assert.Contains("'reembolso'", words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveChanges_TwoTransactionsAppendToOneDocument_KeepsBothTexts()
    {
        var connection = await fixture.Seed.ConnectionAsync();
        var conversation = (await fixture.Seed.ConversationAsync(connection, null)).Id;

        await using var firstScope = fixture.Services.CreateAsyncScope();
        var first = firstScope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        first.Messages.Add(Inbound(connection, conversation, "alfa primero", DateTimeOffset.UtcNow));
        await first.SaveChangesAsync();

        // The second waits for the first's lock on the document, then appends to what the first committed.
        var second = SaveMessagesAsync(connection, conversation, ["bravo segundo"], inTransaction: true);
        var deadline = Stopwatch.StartNew();
        while (await fixture.QueryAsync(db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").SingleAsync()) == 0)
        {
            Assert.False(second.IsCompleted, "the second append did not wait for the first transaction");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the second append never waited for the document");
            await Task.Delay(20);
        }

        await firstTransaction.CommitAsync();
        Assert.True(await second);

        var text = await fixture.QueryAsync(db => db.Set<ConversationSearchDocument>().Where(d => d.ConversationId == conversation).Select(d => d.MessageText).SingleAsync());
        Assert.EndsWith("alfa primero bravo segundo", text, StringComparison.Ordinal);
    }

    /// <summary>Saves messages of the conversation in a fresh context; answers whether its document stayed unread (appended in place).</summary>
    private async Task<bool> SaveMessagesAsync(Guid connectionId, Guid conversationId, List<string> texts, bool inTransaction)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = inTransaction ? await db.Database.BeginTransactionAsync() : null;
        var sentAt = DateTimeOffset.UtcNow;
        for (var i = 0; i < texts.Count; i++)
        {
            db.Messages.Add(Inbound(connectionId, conversationId, texts[i], sentAt.AddMilliseconds(i)));
        }

        await db.SaveChangesAsync();
        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }

        return !db.ChangeTracker.Entries<ConversationSearchDocument>().Any(e => e.Entity.ConversationId == conversationId);
    }

    private static Message Inbound(Guid connectionId, Guid conversationId, string text, DateTimeOffset sentAt) =>
        Message.Inbound(conversationId, connectionId, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, text, "{}", null, null, sentAt, sentAt);

    private static string Text(int n) =>
        string.Format(CultureInfo.InvariantCulture, Samples[n % Samples.Length], n) + " palabra" + n.ToString(CultureInfo.InvariantCulture);
}
