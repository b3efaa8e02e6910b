using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Desk;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Infrastructure.Realtime;

/// <summary>
/// Scoped: reads what each save of the scope's context writes and records the desk changes among it in
/// <see cref="DeskChanges"/>, once the save has succeeded (<see cref="DeskChangeInterceptor"/> calls it). This is the
/// one place where the desk learns about changes: handlers publish nothing.
/// </summary>
internal sealed class DeskChangeCapture(DeskChanges changes, ActorContext actors)
{
    private List<DeskChange> _saving = [];

    /// <summary>A save failed: what it would have written is not recorded.</summary>
    public void Discard() => _saving = [];

    /// <summary>The save succeeded: its changes are recorded.</summary>
    public void Commit()
    {
        foreach (var change in _saving)
        {
            changes.Record(change);
        }

        _saving = [];
    }

    /// <summary>A save starts: reads what it writes.</summary>
    public void Capture(DbContext? context)
    {
        _saving = [];
        if (context is null)
        {
            return;
        }

        var by = ChangedBy(actors.Current);
        foreach (var entry in context.ChangeTracker.Entries())
        {
            var change = entry switch
            {
                { Entity: Conversation c, State: EntityState.Added } => new ConversationChanged(DeskConversation.Of(c), null) { ChangedBy = by },
                { Entity: Conversation c, State: EntityState.Modified } => new ConversationChanged(DeskConversation.Of(c), Before(entry))
                {
                    InactivityWarning = c.InactivityWarnedAt is not null && entry.Property(nameof(Conversation.InactivityWarnedAt)).OriginalValue is null,
                    ChangedBy = by,
                },
                { Entity: Conversation c, State: EntityState.Deleted } => new ConversationDeleted(c.Id, Before(entry)),
                { Entity: Message m, State: EntityState.Added } => new MessageAdded(new DeskMessage(m.Id, m.ConversationId, m.Direction, m.Type, m.Text, m.Status, m.SenderUserId, m.SentAt)),
                { Entity: Message m, State: EntityState.Modified } when entry.Property(nameof(Message.Status)).IsModified =>
                    new MessageStatusChanged(new DeskMessageStatus(m.Id, m.ConversationId, m.Status, m.ErrorCode, m.StatusAt)),
                { Entity: Contact k, State: EntityState.Modified } => new ContactChanged(new DeskContact(k.Id, k.DisplayName, k.ProfileName, k.OptedOut, k.UpdatedAt)),
                { Entity: Connection n, State: EntityState.Modified } when entry.Property(nameof(Connection.Status)).IsModified =>
                    new ConnectionStatusChanged(new DeskConnectionStatus(n.Id, n.Status, n.StatusReason)),
                { Entity: QueueMember q, State: EntityState.Added } => new QueueMembershipChanged(new DeskQueueMembership(q.QueueId, q.UserId, true)),
                { Entity: QueueMember q, State: EntityState.Deleted } => new QueueMembershipChanged(new DeskQueueMembership(q.QueueId, q.UserId, false)),
                { Entity: Campaign k, State: EntityState.Modified } when entry.Property(nameof(Campaign.Status)).OriginalValue is CampaignStatus before && before != k.Status =>
                    new CampaignStatusChanged(new DeskCampaignStatus(k.Id, k.Name, k.Status, before, k.StatusReason, by)),
                _ => (DeskChange?)null,
            };
            if (change is not null)
            {
                _saving.Add(change);
            }
        }
    }

    /// <summary>The command's actor as the desk shows it: a user by id, the system by job name; never an API key's id.</summary>
    private static DeskActor ChangedBy(Actor actor) => actor.Kind switch
    {
        ActorKind.User => new DeskActor(DeskActor.User, actor.UserId, null),
        ActorKind.System => new DeskActor(DeskActor.System, null, actor.Id),
        ActorKind.ApiKey => new DeskActor(DeskActor.ApiKey, null, null),
        _ => new DeskActor(DeskActor.Anonymous, null, null),
    };

    private static DeskVisibility Before(EntityEntry entry) => new(
        (ConversationStatus)entry.Property(nameof(Conversation.Status)).OriginalValue!,
        (Guid?)entry.Property(nameof(Conversation.AssigneeId)).OriginalValue,
        (Guid?)entry.Property(nameof(Conversation.QueueId)).OriginalValue);
}
