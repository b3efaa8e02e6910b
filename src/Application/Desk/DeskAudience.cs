using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Desk;

/// <summary>Events of one change, and whether they take the next number of <see cref="ConversationId"/>'s sequence.</summary>
public sealed record DeskOutgoing(Guid? ConversationId, bool AdvancesSequence, IReadOnlyList<DeskAddressed> Parts);

/// <summary>One event for <see cref="Users"/> (every connected user when null).</summary>
public sealed record DeskAddressed(IReadOnlyList<Guid>? Users, string Type, object Data);

/// <summary>
/// Decides who hears about each change, with the REST visibility rule itself
/// (<see cref="ConversationAccess.DenialReason"/>): a user receives a conversation's event only when they may see the
/// conversation after the change, and is told to drop it (<see cref="DeskEventTypes.ConversationRemoved"/>) when they
/// saw it before and no longer do. Only users who could see it are considered (every ADMIN, the assignees before and
/// after, the members of the queues before and after, and every SUPERVISOR for a conversation without a queue).
/// Integrations (API keys with <see cref="Common.Security.Scopes.DeskSubscribe"/>) are one more audience,
/// <see cref="Integrations"/>, that sees conversations as <see cref="IntegrationsSeeAs"/> does.
/// </summary>
public sealed class DeskAudience(IApplicationDbContext db)
{
    /// <summary>Above this many conversations, a membership change tells the user to reload rather than listing each one.</summary>
    public const int MaxMembershipViewChanges = 500;

    /// <summary>
    /// The address of every desk connection opened with an API key, in place of a user id (no user has it: user ids
    /// are version-7 GUIDs): events are sent to it, kept for resuming under it and replayed to it like a user's.
    /// </summary>
    public static readonly Guid Integrations = new("00000000-0000-0000-0000-00000000a91c");

    /// <summary>
    /// The visibility of an API key with <see cref="Common.Security.Scopes.DeskSubscribe"/>: the REST API lets a key read
    /// no conversation, so the scope stands for the one conversations are read with, <c>conversations:read</c>, which is
    /// the whole organisation's (a key belongs to no queue): every conversation, as an ADMIN sees them (ADR 0023).
    /// </summary>
    public const Role IntegrationsSeeAs = Role.ADMIN;

    private sealed record Candidate(Guid Id, Role Role);

    public async Task<IReadOnlyList<DeskOutgoing>> PlanAsync(IReadOnlyList<DeskChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var current = await CurrentVisibilityAsync(changes, cancellationToken);
        var contactConversations = await ContactConversationsAsync(changes, cancellationToken);
        var visibilities = changes.OfType<ConversationChanged>().SelectMany(c => c.Before is null ? [c.AfterVisibility] : new[] { c.AfterVisibility, c.Before })
            .Concat(changes.OfType<ConversationDeleted>().Select(d => d.Before))
            .Concat(current.Values)
            .Concat(contactConversations.SelectMany(c => c.Value))
            .ToList();
        var (candidates, members) = await CandidatesAsync(visibilities, cancellationToken);

        var outgoing = new List<DeskOutgoing>(changes.Count);
        IReadOnlyList<Guid>? campaignWatchers = null;
        foreach (var change in changes)
        {
            switch (change)
            {
                case ConversationChanged c:
                    var type = c.EventType;
                    var seeing = candidates.Where(u => Sees(u, c.AfterVisibility, members)).Select(u => u.Id).ToList();
                    var dropping = c.Before is null
                        ? []
                        : candidates.Where(u => Sees(u, c.Before, members) && !Sees(u, c.AfterVisibility, members)).Select(u => u.Id).ToList();
                    outgoing.Add(new DeskOutgoing(c.After.Id, true, [
                        new DeskAddressed(seeing, type, new DeskConversationChange(c.After, c.Before?.QueueId, c.Before?.AssigneeId, c.ChangedBy)),
                        new DeskAddressed(dropping, DeskEventTypes.ConversationRemoved, new DeskConversationRemoved(c.After.Id, type)),
                    ]));
                    current[c.After.Id] = c.AfterVisibility;
                    break;
                case ConversationDeleted d:
                    outgoing.Add(new DeskOutgoing(d.ConversationId, true, [
                        new DeskAddressed(
                            candidates.Where(u => Sees(u, d.Before, members)).Select(u => u.Id).ToList(),
                            DeskEventTypes.ConversationRemoved,
                            new DeskConversationRemoved(d.ConversationId, DeskEventTypes.ConversationMerged)),
                    ]));
                    current.Remove(d.ConversationId);
                    break;
                case MessageAdded m when current.TryGetValue(m.Message.ConversationId, out var visibility):
                    outgoing.Add(new DeskOutgoing(m.Message.ConversationId, true, [
                        new DeskAddressed(candidates.Where(u => Sees(u, visibility, members)).Select(u => u.Id).ToList(), DeskEventTypes.MessageNew, m.Message),
                    ]));
                    break;
                case MessageStatusChanged s when current.TryGetValue(s.Status.ConversationId, out var visibility):
                    outgoing.Add(new DeskOutgoing(s.Status.ConversationId, true, [
                        new DeskAddressed(candidates.Where(u => Sees(u, visibility, members)).Select(u => u.Id).ToList(), DeskEventTypes.MessageStatus, s.Status),
                    ]));
                    break;
                case ContactChanged k:
                    var ofContact = contactConversations.GetValueOrDefault(k.Contact.Id) ?? [];
                    outgoing.Add(new DeskOutgoing(null, false, [
                        new DeskAddressed(candidates.Where(u => ofContact.Any(v => Sees(u, v, members))).Select(u => u.Id).ToList(), DeskEventTypes.ContactUpdated, k.Contact),
                    ]));
                    break;
                case ConnectionStatusChanged s:
                    outgoing.Add(new DeskOutgoing(null, false, [new DeskAddressed(null, DeskEventTypes.ConnectionStatus, s.Status)]));
                    break;
                case QueueMembershipChanged q:
                    outgoing.AddRange(await MembershipAsync(q.Membership, cancellationToken));
                    break;
                case CampaignStatusChanged k:
                    campaignWatchers ??= await CampaignWatchersAsync(cancellationToken);
                    outgoing.Add(new DeskOutgoing(null, false, [new DeskAddressed(campaignWatchers, DeskEventTypes.CampaignStatus, k.Campaign)]));
                    break;
            }
        }

        return outgoing;
    }

    /// <summary>
    /// Who may follow campaigns: the roles the campaigns API admits (<c>GET /campaigns/{id}/progress</c> and the rest,
    /// every campaign for each of them). Never an AGENTE, and not an integration (an API key reads no campaign).
    /// </summary>
    public static bool SeesCampaigns(Role role) => role is Role.ADMIN or Role.SUPERVISOR;

    /// <summary>The active users who receive campaign events (<see cref="SeesCampaigns"/>).</summary>
    public async Task<IReadOnlyList<Guid>> CampaignWatchersAsync(CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => u.IsActive && (u.Role == Role.ADMIN || u.Role == Role.SUPERVISOR))
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);

    private static bool Sees(Candidate user, DeskVisibility conversation, HashSet<(Guid Queue, Guid User)> members) =>
        ConversationAccess.DenialReason(
            user.Role,
            user.Id,
            conversation.QueueId is { } queueId && members.Contains((queueId, user.Id)),
            conversation.Status,
            conversation.AssigneeId,
            conversation.QueueId) is null;

    /// <summary>The visibility of the conversations whose messages changed, as committed (or as changed in this batch).</summary>
    private async Task<Dictionary<Guid, DeskVisibility>> CurrentVisibilityAsync(IReadOnlyList<DeskChange> changes, CancellationToken cancellationToken)
    {
        var ids = changes.Select(c => c switch
        {
            MessageAdded m => m.Message.ConversationId,
            MessageStatusChanged s => s.Status.ConversationId,
            _ => Guid.Empty,
        }).Where(id => id != Guid.Empty).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Status, c.AssigneeId, c.QueueId })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => new DeskVisibility(r.Status, r.AssigneeId, r.QueueId));
    }

    private async Task<Dictionary<Guid, List<DeskVisibility>>> ContactConversationsAsync(IReadOnlyList<DeskChange> changes, CancellationToken cancellationToken)
    {
        var ids = changes.OfType<ContactChanged>().Select(c => c.Contact.Id).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.ContactId))
            .Select(c => new { c.ContactId, c.Status, c.AssigneeId, c.QueueId })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ContactId).ToDictionary(g => g.Key, g => g.Select(r => new DeskVisibility(r.Status, r.AssigneeId, r.QueueId)).ToList());
    }

    private async Task<(List<Candidate> Users, HashSet<(Guid Queue, Guid User)> Members)> CandidatesAsync(List<DeskVisibility> conversations, CancellationToken cancellationToken)
    {
        if (conversations.Count == 0)
        {
            return ([], []);
        }

        var queueIds = conversations.Where(c => c.QueueId is not null).Select(c => c.QueueId!.Value).Distinct().ToList();
        var assigneeIds = conversations.Where(c => c.AssigneeId is not null).Select(c => c.AssigneeId!.Value).Distinct().ToList();
        var withoutQueue = conversations.Any(c => c.QueueId is null);
        // Each queue with its members' ids, flattened here: a SelectMany over the members that reads the queue's id
        // needs a lateral join, which SQLite (embedded mode) does not have.
        var memberRows = queueIds.Count == 0
            ? []
            : (await db.Queues.AsNoTracking().Where(q => queueIds.Contains(q.Id))
                .Select(q => new { q.Id, Members = q.Members.Select(m => m.UserId).ToList() })
                .ToListAsync(cancellationToken))
                .SelectMany(q => q.Members.Select(userId => new { Queue = q.Id, UserId = userId }))
                .ToList();
        var memberIds = memberRows.Select(m => m.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && (u.Role == Role.ADMIN || (withoutQueue && u.Role == Role.SUPERVISOR) || assigneeIds.Contains(u.Id) || memberIds.Contains(u.Id)))
            .Select(u => new Candidate(u.Id, u.Role))
            .ToListAsync(cancellationToken);
        users.Add(new Candidate(Integrations, IntegrationsSeeAs));
        return (users, memberRows.Select(m => (m.Queue, m.UserId)).ToHashSet());
    }

    /// <summary>
    /// A user joined or left a queue: they (and every ADMIN) hear about it. A user who joined gains the queue's
    /// conversations they now see (each sent as a snapshot; a reload when there are too many); a user who left reloads.
    /// </summary>
    private async Task<IReadOnlyList<DeskOutgoing>> MembershipAsync(DeskQueueMembership membership, CancellationToken cancellationToken)
    {
        var admins = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Role == Role.ADMIN).Select(u => u.Id).ToListAsync(cancellationToken);
        var result = new List<DeskOutgoing>
        {
            new(null, false, [new DeskAddressed(admins.Append(membership.UserId).Distinct().ToList(), DeskEventTypes.QueueMembership, membership)]),
        };
        var role = await db.Users.AsNoTracking().Where(u => u.Id == membership.UserId && u.IsActive).Select(u => (Role?)u.Role).SingleOrDefaultAsync(cancellationToken);
        if (role is null)
        {
            return result;
        }

        if (!membership.Member)
        {
            // A leave is not listed from the queue's conversations as they are now. Changes of them that committed
            // before the leave but are delivered after it are planned with the memberships of their delivery, which no
            // longer count this user, so they tell the user to drop nothing; and a conversation such a change took out
            // of the user's view (taken by another agent, transferred away) no longer looks as if the user saw it. A
            // reload is exact whatever is still on its way. An ADMIN's view does not depend on queues.
            if (role != Role.ADMIN)
            {
                result.Add(new DeskOutgoing(null, false, [new DeskAddressed([membership.UserId], DeskEventTypes.Refetch, new DeskRefetch(DeskEventTypes.QueueMembership))]));
            }

            return result;
        }

        var user = new Candidate(membership.UserId, role.Value);
        var conversations = await db.Conversations.AsNoTracking().Where(c => c.QueueId == membership.QueueId)
            .OrderBy(c => c.Id)
            .Select(DeskConversation.FromConversation)
            .ToListAsync(cancellationToken);
        HashSet<(Guid Queue, Guid User)> now = [(membership.QueueId, membership.UserId)];
        var changed = conversations
            .Select(c => (Conversation: c, Before: Sees(user, Visibility(c), []), After: Sees(user, Visibility(c), now)))
            .Where(c => c.Before != c.After)
            .ToList();
        if (changed.Count > MaxMembershipViewChanges)
        {
            result.Add(new DeskOutgoing(null, false, [new DeskAddressed([user.Id], DeskEventTypes.Refetch, new DeskRefetch(DeskEventTypes.QueueMembership))]));
            return result;
        }

        result.AddRange(changed.Select(c => new DeskOutgoing(c.Conversation.Id, false, [
            new DeskAddressed([user.Id], DeskEventTypes.ConversationUpdated, new DeskConversationChange(c.Conversation, c.Conversation.QueueId, c.Conversation.AssigneeId, null)),
        ])));
        return result;
    }

    private static DeskVisibility Visibility(DeskConversation c) => new(c.Status, c.AssigneeId, c.QueueId);
}
