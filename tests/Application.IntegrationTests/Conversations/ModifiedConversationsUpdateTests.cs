using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>
/// In PostgreSQL a save in a transaction writes the conversations it modifies in the same columns with one statement
/// per set of columns (ModifiedRowsUpdateInterceptor, ADR 0072): the rows must be what EF Core's UPDATEs store, under
/// the same concurrency token, and a conflict must fail the save as EF Core's would, writing none of the set.
/// </summary>
public sealed class ModifiedConversationsUpdateTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private const string EfUpdate = "UPDATE conversations SET";

    [Fact]
    public async Task SaveChanges_ConversationsModifiedInATransaction_StoresWhatEfCoreWouldWithoutItsUpdates()
    {
        var connection = await fixture.Seed.ConnectionAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await fixture.Seed.ConversationAsync(connection, null)).Id);
        }

        var now = DateTimeOffset.UtcNow;
        var commands = fixture.Commands.Start();
        List<Conversation> saved;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            saved = await db.Conversations.Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync();

            // Two sets of columns: three customer messages (a preview, times, the unread count) and two closings (a
            // status and a reason stored as text).
            saved.Take(3).ToList().ForEach(c => c.RecordInbound(now, "¿Dónde está mi envío? 📦", now));
            saved.Skip(3).ToList().ForEach(c => c.Close(now, ConversationCloseReason.Inactivity));
            await db.SaveChangesAsync();

            // The written rows hold their new values as the original ones: a second save in the same transaction
            // passes the concurrency token.
            saved.Take(3).ToList().ForEach(c => c.MarkRead(now.AddSeconds(1)));
            await db.SaveChangesAsync();
            Assert.All(saved, c => Assert.Equal(EntityState.Unchanged, db.Entry(c).State));
            await transaction.CommitAsync();
        }

        Assert.Equal(0, commands.Count(EfUpdate));
        var stored = await fixture.QueryAsync(db => db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync());
        var model = await fixture.QueryAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Conversation))!));
        for (var i = 0; i < saved.Count; i++)
        {
            foreach (var property in model.GetProperties())
            {
                Assert.True(
                    Equals(Stored(property.GetGetter().GetClrValue(saved[i])), property.GetGetter().GetClrValue(stored[i])),
                    $"{property.Name}: {property.GetGetter().GetClrValue(saved[i])} saved, {property.GetGetter().GetClrValue(stored[i])} stored");
            }
        }

        Assert.All(stored.Take(3), c => Assert.Equal((0, "¿Dónde está mi envío? 📦"), (c.UnreadCount, c.LastMessagePreview)));
        Assert.All(stored.Skip(3), c => Assert.Equal((ConversationStatus.CLOSED, ConversationCloseReason.Inactivity), (c.Status, c.ClosedReason)));
    }

    /// <summary>A value as PostgreSQL stores it: times to the microsecond.</summary>
    private static object? Stored(object? value) =>
        value is DateTimeOffset time ? new DateTimeOffset(time.Ticks - (time.Ticks % 10), time.Offset) : value;

    [Fact]
    public async Task SaveChanges_WithoutATransaction_LeavesTheUpdatesToEfCore()
    {
        var connection = await fixture.Seed.ConnectionAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await fixture.Seed.ConversationAsync(connection, null)).Id);
        }

        var commands = fixture.Commands.Start();
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var conversations = await db.Conversations.Where(c => ids.Contains(c.Id)).ToListAsync();
            conversations.ForEach(c => c.RecordInbound(DateTimeOffset.UtcNow, "hola", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        Assert.Equal(3, commands.Count(EfUpdate));
        Assert.All(await fixture.QueryAsync(db => db.Conversations.Where(c => ids.Contains(c.Id)).ToListAsync()), c => Assert.Equal(2, c.UnreadCount));
    }

    [Fact]
    public async Task SaveChanges_OneConversationChangedMeanwhile_FailsWithItsEntryAndWritesNone()
    {
        var connection = await fixture.Seed.ConnectionAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await fixture.Seed.ConversationAsync(connection, null)).Id);
        }

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var conversations = await db.Conversations.Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync();

            // Someone else closes the second one after it was read.
            await using (var other = fixture.Services.CreateAsyncScope())
            {
                var otherDb = other.ServiceProvider.GetRequiredService<AppDbContext>();
                (await otherDb.Conversations.SingleAsync(c => c.Id == conversations[1].Id)).Close(DateTimeOffset.UtcNow);
                await otherDb.SaveChangesAsync();
            }

            conversations.ForEach(c => c.RecordInbound(DateTimeOffset.UtcNow, "¿sigue ahí?", DateTimeOffset.UtcNow));
            var conflict = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());

            Assert.Equal(conversations[1].Id, Assert.IsType<Conversation>(Assert.Single(conflict.Entries).Entity).Id);

            // Inside the failed save's transaction, the others were not written either.
            var unread = await db.Database.SqlQuery<int>($"SELECT unread_count AS \"Value\" FROM conversations WHERE id = ANY ({ids.ToArray()})").ToListAsync();
            Assert.All(unread, count => Assert.Equal(1, count));
            await transaction.RollbackAsync();
        }

        var stored = await fixture.QueryAsync(db => db.Conversations.Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync());
        Assert.All(stored, c => Assert.Equal(1, c.UnreadCount));
        Assert.Equal(ConversationStatus.CLOSED, stored[1].Status);
    }
}
