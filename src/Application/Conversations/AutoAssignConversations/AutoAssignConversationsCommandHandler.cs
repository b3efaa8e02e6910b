using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Presence;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.AutoAssignConversations;

internal sealed class AutoAssignConversationsCommandHandler(IApplicationDbContext db, AuditScope auditScope, MessagingOptions messaging, IPresence presence, TimeProvider clock)
    : ICommandHandler<AutoAssignConversationsCommand, Result<int>>
{
    public const string AuditReason = "auto_assign";

    public async ValueTask<Result<int>> Handle(AutoAssignConversationsCommand command, CancellationToken cancellationToken)
    {
        if (!messaging.AutoAssignEnabled)
        {
            return 0;
        }

        var queues = await db.Queues.Include(q => q.Members)
            .Where(q => q.DeletedAt == null && q.Strategy != AssignmentStrategy.Manual)
            .OrderBy(q => q.CreatedAt)
            .ToListAsync(cancellationToken);
        // Presence is read once per run. When it cannot be read (Redis unreachable), the run fails and assigns nothing:
        // a conversation is never handed to an agent who may not be there (ADR 0030).
        IReadOnlyDictionary<Guid, int>? online = messaging.AutoAssignRequirePresence && queues.Count > 0
            ? await presence.OnlineAsync(cancellationToken)
            : null;
        var assigned = 0;
        foreach (var queue in queues)
        {
            assigned += await DistributeAsync(queue, online, cancellationToken);
        }

        return assigned;
    }

    private async Task<int> DistributeAsync(Queue queue, IReadOnlyDictionary<Guid, int>? online, CancellationToken cancellationToken)
    {
        var waiting = await db.Conversations
            .Where(c => c.QueueId == queue.Id && c.Status == ConversationStatus.UNASSIGNED)
            .OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id)
            .Take(AutoAssignConversationsCommand.BatchSize)
            .ToListAsync(cancellationToken);
        if (waiting.Count == 0)
        {
            return 0;
        }

        var memberIds = queue.Members.Select(m => m.UserId).Where(id => online is null || online.ContainsKey(id)).ToList();
        var agents = memberIds.Count == 0 ? [] : await db.Users.AsNoTracking()
            .Where(u => memberIds.Contains(u.Id) && u.IsActive && u.Role == Role.AGENTE && u.Availability == Availability.Available)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        if (agents.Count == 0)
        {
            return 0;
        }

        agents.Sort();
        var held = await db.Conversations.AsNoTracking()
            .Where(c => c.Status == ConversationStatus.OPEN && c.AssigneeId != null && agents.Contains(c.AssigneeId.Value))
            .Select(c => new { UserId = c.AssigneeId!.Value, c.AssignedAt })
            .ToListAsync(cancellationToken);
        var loads = held.GroupBy(h => h.UserId).ToDictionary(g => g.Key, g => new Load(g.Count(), g.Max(h => h.AssignedAt)));
        foreach (var agent in agents)
        {
            loads.TryAdd(agent, new Load(0, null));
        }

        var assigned = 0;
        foreach (var conversation in waiting)
        {
            var agent = queue.Strategy == AssignmentStrategy.RoundRobin
                ? NextInTurn(agents, loads, queue.LastAutoAssignedUserId, queue.AgentCapacity)
                : LeastBusy(agents, loads, queue.AgentCapacity);
            if (agent is not { } userId)
            {
                break;
            }

            var now = clock.GetUtcNow();
            conversation.AssignTo(userId, now);
            if (!await ConversationSaver.TrySaveAsync(db, cancellationToken))
            {
                // Taken, moved or closed by someone else meanwhile (another instance or a user): leave it.
                continue;
            }

            queue.RecordAutoAssignment(userId);
            loads[userId] = new Load(loads[userId].Open + 1, now);
            auditScope.AddTarget(ConversationErrors.TargetType, conversation.Id.ToString(), AuditReason);
            assigned++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return assigned;
    }

    /// <summary>The first agent below capacity after <paramref name="last"/> in the stable order (by id), wrapping around.</summary>
    private static Guid? NextInTurn(List<Guid> agents, Dictionary<Guid, Load> loads, Guid? last, int capacity)
    {
        var start = last is { } previous ? agents.FindIndex(a => a.CompareTo(previous) > 0) : 0;
        if (start < 0)
        {
            start = 0;
        }

        for (var i = 0; i < agents.Count; i++)
        {
            var candidate = agents[(start + i) % agents.Count];
            if (loads[candidate].Open < capacity)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The agent below capacity with the fewest OPEN conversations; ties go to the least recently assigned.</summary>
    private static Guid? LeastBusy(List<Guid> agents, Dictionary<Guid, Load> loads, int capacity) =>
        agents.Where(a => loads[a].Open < capacity)
            .OrderBy(a => loads[a].Open)
            .ThenBy(a => loads[a].LastAssignedAt ?? DateTimeOffset.MinValue)
            .ThenBy(a => a)
            .Select(a => (Guid?)a)
            .FirstOrDefault();

    private sealed record Load(int Open, DateTimeOffset? LastAssignedAt);
}
