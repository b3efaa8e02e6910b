using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Infrastructure.Persistence.Search;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>
/// A search document's words in PostgreSQL are kept by a trigger that, for an append, reads only the new text
/// (docs/decisions/0068-search-words-appended.md): after any number of appends and cuts they must be the words of the
/// whole text read at once.
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

    private static string Text(int n) =>
        string.Format(CultureInfo.InvariantCulture, Samples[n % Samples.Length], n) + " palabra" + n.ToString(CultureInfo.InvariantCulture);
}
