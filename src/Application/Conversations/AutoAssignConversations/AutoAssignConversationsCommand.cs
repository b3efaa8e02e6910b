using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Application.Conversations.AutoAssignConversations;

/// <summary>
/// Distributes the UNASSIGNED conversations of the queues whose strategy is round_robin or least_busy
/// (manual queues are left alone) to their eligible agents: active members with role AGENTE (supervisors
/// are not distributed to) who are available (not away) and, unless <c>AUTO_ASSIGN_REQUIRE_PRESENCE</c> is false,
/// online on the desk, holding fewer OPEN conversations, across all queues, than the queue's agent capacity.
/// Oldest waiting (least recently updated) first. Answers how many were assigned; each assignment has an audit row of its own with reason <c>auto_assign</c>. Does nothing when auto-assignment is disabled.
/// </summary>
[SystemOnly]
public sealed record AutoAssignConversationsCommand : ICommand<Result<int>>
{
    /// <summary>Conversations considered per queue and run; the rest wait for the next run.</summary>
    public const int BatchSize = 200;

    /// <summary>
    /// A cheap check for the background runners: whether any conversation waits in a queue that distributes
    /// automatically, so that a run (and its audit row) happens only when there is work.
    /// </summary>
    public static Task<bool> HasBacklogAsync(IApplicationDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var automaticQueues = db.Queues.Where(q => q.DeletedAt == null && q.Strategy != AssignmentStrategy.Manual).Select(q => q.Id);
        return db.Conversations.AnyAsync(
            c => c.Status == ConversationStatus.UNASSIGNED && c.QueueId != null && automaticQueues.Contains(c.QueueId.Value),
            cancellationToken);
    }
}
