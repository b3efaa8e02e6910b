using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Dashboards;

namespace WhatsSuite.Application.Dashboards.RefreshDashboardRollups;

/// <summary>
/// One batch of the dashboards' incremental rollup: recounts the conversations changed since the watermark (every new
/// or moved message, transfer, assignment or closing changes its conversation) after the cursor, at most
/// <see cref="BatchSize"/> of them, and takes deleted conversations out. Each recount replaces the conversation's share
/// of the message totals and its response episodes, so a late message, a transfer or a merge leaves the figures exactly
/// as a count over the messages would give. Background work of the <c>dashboard-rollup</c> job.
/// </summary>
[SystemOnly]
public sealed record RefreshDashboardRollupsCommand(DateTimeOffset? AfterUpdatedAt, Guid? AfterId) : ICommand<Result<DashboardRollupBatch>>, IAuditTarget
{
    /// <summary>Conversations recounted per batch (one transaction).</summary>
    public const int BatchSize = 200;

    /// <summary>
    /// How far before the watermark a run starts again: a transaction that stamped its conversation's change time
    /// before the previous run but committed after it is still seen. Recounting is idempotent, so the overlap costs
    /// only time.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    public string AuditTargetType => "dashboard_rollups";

    public string? AuditTargetId => AfterUpdatedAt is { } after ? $"{after.UtcDateTime:O}/{AfterId}" : "watermark";

    /// <summary>
    /// The next batch of conversations changed after (<paramref name="afterTime"/>, <paramref name="afterId"/>), in
    /// (updated_at, id) order. The keyset is written as a range of the (updated_at, id) index and a filter on it, so
    /// PostgreSQL starts reading at the cursor: written as <c>updated_at &gt; $1 OR (updated_at = $1 AND id &gt; $2)</c>, it
    /// walked the index from its oldest entry to the cursor on every batch, or read the whole backlog and sorted it (83 ms
    /// against 0.1 ms with 11,660 conversations behind the cursor; ADR 0028, amended).
    /// </summary>
    public static IQueryable<Domain.Conversations.Conversation> ChangedAfter(IApplicationDbContext db, DateTimeOffset afterTime, Guid afterId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Conversations
            .TagWith(RollupTag)
            .Where(c => c.UpdatedAt >= afterTime)
            .Where(c => c.UpdatedAt != afterTime || c.Id.CompareTo(afterId) > 0)
            .OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id)
            .Take(BatchSize);
    }

    /// <summary>The tag of <see cref="ChangedAfter"/>'s statement (the plan tests find it by it).</summary>
    public const string RollupTag = "dashboards.rollup";

    /// <summary>
    /// The messages a recount reads of conversations recounted whole: all their messages, by the
    /// <c>(conversation_id, sent_at, id)</c> index.
    /// </summary>
    public static IQueryable<Domain.Messages.Message> MessagesToRecount(IApplicationDbContext db, List<Guid> conversationIds)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Messages.AsNoTracking().TagWith(RecountTag).Where(m => conversationIds.Contains(m.ConversationId));
    }

    /// <summary>
    /// The messages a recount reads of conversations recounted from a start: each one's messages sent from its own start
    /// on, one range of the <c>(conversation_id, sent_at, id)</c> index per conversation, in one statement.
    /// </summary>
    public static IQueryable<Domain.Messages.Message> MessagesToRecount(IApplicationDbContext db, IReadOnlyList<(Guid Id, DateTimeOffset Start)> starts)
    {
        ArgumentNullException.ThrowIfNull(db);
        return RecountRanges.Where(db.Messages.AsNoTracking().TagWith(RecountTag), (m, id, start) => m.ConversationId == id && m.SentAt >= start, starts);
    }

    /// <summary>The tag of <see cref="MessagesToRecount"/>'s statement.</summary>
    public const string RecountTag = "dashboards.recount";

    /// <summary>A cheap check for the job: whether a conversation changed after the watermark or one was deleted.</summary>
    public static async Task<bool> HasWorkAsync(IApplicationDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var watermark = await db.DashboardRollupStates.Where(s => s.Id == DashboardRollupState.SingletonId).Select(s => s.Watermark).SingleAsync(cancellationToken);
        return await db.RemovedConversations.AnyAsync(cancellationToken)
            || await db.Conversations.AnyAsync(c => c.UpdatedAt > watermark, cancellationToken);
    }
}

/// <summary>What one batch did, and where the next one starts (<see cref="Done"/> when nothing is left).</summary>
public sealed record DashboardRollupBatch(int Recounted, int Removed, bool Changed, DateTimeOffset? NextUpdatedAt, Guid? NextId, bool Done);
