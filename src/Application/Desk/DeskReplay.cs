using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Desk;

/// <summary>
/// Resumes a reconnecting client: the events sent to the user after the client's cursor, as kept by
/// <see cref="IDeskJournal"/>, with visibility checked again now by the REST rule
/// (<see cref="ConversationAccess.DenialReason"/>). An event of a conversation the user may no longer see is left out,
/// and the client is told to drop that conversation instead (<see cref="DeskEventTypes.ConversationRemoved"/>, reason
/// <see cref="DeskEventTypes.Resume"/>); drops themselves are always replayed. When the events right after the cursor
/// are no longer kept, or there are too many, the answer tells the client to reload (ADR 0035).
/// </summary>
public sealed class DeskReplay(IApplicationDbContext db, IDeskJournal journal, IDeskSequencer sequencer, TimeProvider clock)
{
    /// <summary>More events than this for one user: reload rather than replay.</summary>
    public const int MaxReplayedEvents = 1000;

    public const string TooOld = "too_old";
    public const string UnknownPosition = "unknown_position";
    public const string TooMany = "too_many";

    /// <summary>What <paramref name="userId"/> missed after <paramref name="cursor"/>; with no cursor, only the current position.</summary>
    public async Task<DeskResumeResult> ResumeAsync(Guid userId, long? cursor, CancellationToken cancellationToken)
    {
        var head = await journal.HeadAsync(cancellationToken);
        if (cursor is null || cursor == head)
        {
            return new DeskResumeResult(head, null, []);
        }

        if (cursor > head)
        {
            return new DeskResumeResult(head, UnknownPosition, []);
        }

        var read = await journal.ReadAfterAsync(cursor.Value, cancellationToken);
        if (!read.Complete)
        {
            return new DeskResumeResult(read.Items.Count > 0 ? read.Items[^1].Cursor : head, TooOld, []);
        }

        var position = read.Items.Count > 0 ? read.Items[^1].Cursor : cursor.Value;
        var mine = read.Items.Where(i => i.Entry.Users is null || i.Entry.Users.Contains(userId)).ToList();
        if (mine.Count > MaxReplayedEvents)
        {
            return new DeskResumeResult(position, TooMany, []);
        }

        return new DeskResumeResult(position, null, await VisibleAsync(userId, mine, cancellationToken));
    }

    private async Task<List<DeskEnvelope>> VisibleAsync(Guid userId, List<DeskJournalItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return [];
        }

        var role = userId == DeskAudience.Integrations
            ? DeskAudience.IntegrationsSeeAs
            : await db.Users.AsNoTracking().Where(u => u.Id == userId && u.IsActive).Select(u => (Role?)u.Role).SingleOrDefaultAsync(cancellationToken);
        var queues = (await db.Queues.AsNoTracking().Where(q => q.Members.Any(m => m.UserId == userId)).Select(q => q.Id).ToListAsync(cancellationToken)).ToHashSet();
        var conversationIds = items.Select(i => i.Entry.Envelope.ConversationId).OfType<Guid>().Distinct().ToList();
        var contactIds = items.Select(i => i.Entry.ContactId).OfType<Guid>().Distinct().ToList();
        var conversations = conversationIds.Count == 0
            ? []
            : await db.Conversations.AsNoTracking().Where(c => conversationIds.Contains(c.Id))
                .Select(c => new { c.Id, c.Status, c.AssigneeId, c.QueueId })
                .ToDictionaryAsync(c => c.Id, c => new DeskVisibility(c.Status, c.AssigneeId, c.QueueId), cancellationToken);
        var contacts = contactIds.Count == 0
            ? []
            : (await db.Conversations.AsNoTracking().Where(c => contactIds.Contains(c.ContactId))
                .Select(c => new { c.ContactId, c.Status, c.AssigneeId, c.QueueId })
                .ToListAsync(cancellationToken))
                .GroupBy(c => c.ContactId)
                .ToDictionary(g => g.Key, g => g.Select(c => new DeskVisibility(c.Status, c.AssigneeId, c.QueueId)).ToList());

        bool Sees(DeskVisibility? conversation) =>
            role is { } r && conversation is not null
            && ConversationAccess.DenialReason(r, userId, conversation.QueueId is { } q && queues.Contains(q), conversation.Status, conversation.AssigneeId, conversation.QueueId) is null;

        var replayed = new List<DeskEnvelope>(items.Count);
        var hidden = new HashSet<Guid>();
        foreach (var item in items)
        {
            var envelope = item.Entry.Envelope with { Cursor = item.Cursor };
            var visible = DeskEventTypes.IsCampaignEvent(envelope.Type)
                ? userId != DeskAudience.Integrations && role is { } campaignRole && DeskAudience.SeesCampaigns(campaignRole)
                : envelope.Type == DeskEventTypes.ConversationRemoved
                    || (envelope.ConversationId is { } id ? Sees(conversations.GetValueOrDefault(id))
                        : item.Entry.ContactId is not { } contact || (contacts.GetValueOrDefault(contact) ?? []).Any(Sees));
            if (visible)
            {
                replayed.Add(envelope);
                if (envelope.ConversationId is { } shown)
                {
                    hidden.Remove(shown);
                }
            }
            else if (envelope.ConversationId is { } dropped)
            {
                hidden.Add(dropped);
            }
        }

        // A conversation whose missed events were left out is dropped (a notice that is not itself kept: no cursor),
        // unless what was replayed already dropped it.
        foreach (var conversationId in hidden.Order())
        {
            replayed.Add(new DeskEnvelope(
                DeskEventTypes.Version,
                DeskEventTypes.ConversationRemoved,
                conversationId,
                await sequencer.CurrentAsync(conversationId, cancellationToken),
                clock.GetUtcNow(),
                new DeskConversationRemoved(conversationId, DeskEventTypes.Resume)));
        }

        return replayed;
    }
}
