using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Application.IntegrationTests.Messages;

/// <summary>
/// In PostgreSQL a save in a transaction copies its new messages with one <c>COPY</c> (AddedMessagesCopyInterceptor,
/// ADR 0071): the rows must be what EF Core's INSERTs store, and a refused row must fail the save as an INSERT would.
/// </summary>
public sealed class MessageCopyTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    [Fact]
    public async Task SaveChanges_MessagesInATransaction_StoresEveryColumnAsEfCoreInserts()
    {
        var connection = await fixture.Seed.ConnectionAsync();
        var conversation = (await fixture.Seed.ConversationAsync(connection, null)).Id;
        var now = DateTimeOffset.UtcNow;
        var copied = Variants(connection, conversation, "copy", now);
        var inserted = Variants(connection, conversation, "insert", now);

        await SaveAsync(copied, inTransaction: true);
        await SaveAsync(inserted, inTransaction: false);

        var stored = await fixture.QueryAsync(db => db.Messages.Where(m => m.ConversationId == conversation && m.Wamid != null && (m.Wamid.StartsWith("wamid.copy") || m.Wamid.StartsWith("wamid.insert"))).ToListAsync());
        Assert.Equal(copied.Count * 2, stored.Count);
        var model = await fixture.QueryAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Message))!));
        for (var i = 0; i < copied.Count; i++)
        {
            var copy = stored.Single(m => m.Id == copied[i].Id);
            var insert = stored.Single(m => m.Id == inserted[i].Id);
            foreach (var property in model.GetProperties().Where(p => p.Name is not nameof(Message.Id) and not nameof(Message.Wamid)))
            {
                Assert.Equal(property.GetGetter().GetClrValue(insert), property.GetGetter().GetClrValue(copy));
            }

            Assert.Equal(insert.Referral, copy.Referral);
            Assert.Equal(copied[i].Referral, copy.Referral);
            Assert.Equal(copied[i].Content, copy.Content);
            Assert.Equal(copied[i].SentAt, copy.SentAt);
        }
    }

    [Fact]
    public async Task SaveChanges_DuplicateWamidInATransaction_FailsAsAUniqueViolationOfTheCopy()
    {
        var connection = await fixture.Seed.ConnectionAsync();
        var conversation = (await fixture.Seed.ConversationAsync(connection, null)).Id;
        var wamid = $"wamid.{Guid.NewGuid():N}";
        var sentAt = DateTimeOffset.UtcNow;
        await SaveAsync([Inbound(connection, conversation, wamid, "primero", sentAt)], inTransaction: true);

        // A replay carries the same timestamp (the messages' partition key is part of the unique index).
        var failure = await Assert.ThrowsAsync<UniqueConstraintViolationException>(() => SaveAsync([Inbound(connection, conversation, wamid, "repetido", sentAt)], inTransaction: true));

        var postgres = Assert.IsType<PostgresException>(Assert.IsType<DbUpdateException>(failure.InnerException).InnerException);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, postgres.SqlState);
        Assert.Contains("COPY messages", postgres.Where, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.QueryAsync(db => db.Messages.CountAsync(m => m.ConnectionId == connection && m.Wamid == wamid)));
    }

    [Fact]
    public async Task SaveChanges_MessagesOfAConversationAddedInTheSameSave_AreStoredAfterIt()
    {
        var connection = await fixture.Seed.ConnectionAsync();
        var existing = (await fixture.Seed.ConversationAsync(connection, null)).Id;
        var contact = await fixture.Seed.ContactAsync();
        var now = DateTimeOffset.UtcNow;
        var opened = Conversation.StartInbound(connection, contact, null, now);

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Conversations.Add(opened);
            db.Messages.Add(Inbound(connection, opened.Id, $"wamid.{Guid.NewGuid():N}", "en la nueva", now));
            db.Messages.Add(Inbound(connection, existing, $"wamid.{Guid.NewGuid():N}", "en la de antes", now));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        Assert.Equal(1, await fixture.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == opened.Id)));
        Assert.Equal(1, await fixture.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == existing && m.Text == "en la de antes")));
    }

    /// <summary>Messages with every optional part set or left empty: media, a referral, a reply, Unicode text.</summary>
    private static List<Message> Variants(Guid connectionId, Guid conversationId, string prefix, DateTimeOffset now)
    {
        var sentAt = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        var referral = new Referral("ad", "120", "https://fb.me/x", "Oferta ñandú", "Cuerpo 😊", "image", "https://cdn.example/a.jpg", null, "ctwa-1");
        return
        [
            Message.Inbound(conversationId, connectionId, $"wamid.{prefix}.{Guid.NewGuid():N}", MessageTypes.Text, "¿Dónde está mi envío? 📦 注文", "{\"body\":\"x\"}", null, null, sentAt, now),
            Message.Inbound(conversationId, connectionId, $"wamid.{prefix}.{Guid.NewGuid():N}", "image", null, "{\"image\":{}}", "wamid.replied", new MediaInfo("media-1", "image/jpeg", "abc", "foto.jpg"), sentAt.AddSeconds(1), now),
            Message.Inbound(conversationId, connectionId, $"wamid.{prefix}.{Guid.NewGuid():N}", MessageTypes.Text, "vengo del anuncio", "{}", null, null, sentAt.AddSeconds(2), now, referral),
        ];
    }

    private static Message Inbound(Guid connectionId, Guid conversationId, string wamid, string text, DateTimeOffset sentAt) =>
        Message.Inbound(conversationId, connectionId, wamid, MessageTypes.Text, text, "{}", null, null, sentAt, sentAt);

    private async Task SaveAsync(List<Message> messages, bool inTransaction)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = inTransaction ? await db.Database.BeginTransactionAsync() : null;
        db.Messages.AddRange(messages);
        await db.SaveChangesAsync();
        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }
    }
}
