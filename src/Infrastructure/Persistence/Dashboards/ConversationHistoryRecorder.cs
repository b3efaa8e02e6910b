using Microsoft.EntityFrameworkCore;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Dashboards;

namespace WhatsSuite.Infrastructure.Persistence.Dashboards;

/// <summary>
/// Records, inside the same <c>SaveChanges</c> (so in the same transaction), what the dashboards cannot read back from
/// the conversations' current state later: every closing (<see cref="ConversationResolution"/>: the queue and the
/// assignee at that moment, and when the cycle began) and every deleted conversation (<see cref="RemovedConversation"/>,
/// so that the rollup job takes its counts out). Every code path that closes or deletes a conversation saves through
/// <see cref="AppDbContext.SaveChangesAsync"/>, so none of them needs to know about it.
/// </summary>
internal static class ConversationHistoryRecorder
{
    public static async Task ApplyAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var tracker = db.ChangeTracker;
        var closings = new List<(Conversation Conversation, Guid? Assignee)>();
        var removed = new List<Guid>();
        foreach (var entry in tracker.Entries<Conversation>())
        {
            if (entry.State == EntityState.Deleted)
            {
                removed.Add(entry.Entity.Id);
            }
            else if (entry.State == EntityState.Modified
                && entry.Entity.Status == ConversationStatus.CLOSED
                && entry.Property(c => c.Status).OriginalValue != ConversationStatus.CLOSED)
            {
                closings.Add((entry.Entity, entry.Property(c => c.AssigneeId).OriginalValue));
            }
        }

        foreach (var id in removed)
        {
            if (await db.RemovedConversations.FindAsync([id], cancellationToken) is null)
            {
                db.RemovedConversations.Add(RemovedConversation.Record(id, DateTimeOffset.UtcNow));
            }
        }

        foreach (var (conversation, assignee) in closings)
        {
            var id = conversation.Id;
            var closedAt = conversation.ClosedAt ?? conversation.UpdatedAt;
            var previous = await db.ConversationResolutions
                .Where(r => r.ConversationId == id && r.ClosedAt < closedAt)
                .OrderByDescending(r => r.ClosedAt)
                .Select(r => (DateTimeOffset?)r.ClosedAt)
                .FirstOrDefaultAsync(cancellationToken);
            var messages = db.Messages.Where(m => m.ConversationId == id);
            if (previous is { } after)
            {
                messages = messages.Where(m => m.SentAt > after);
            }

            var firstMessage = await messages.OrderBy(m => m.SentAt).ThenBy(m => m.Id).Select(m => (DateTimeOffset?)m.SentAt).FirstOrDefaultAsync(cancellationToken);
            var openedAt = firstMessage ?? previous ?? conversation.CreatedAt;
            db.ConversationResolutions.Add(ConversationResolution.Record(id, conversation.QueueId, assignee, openedAt, closedAt));
        }
    }
}
