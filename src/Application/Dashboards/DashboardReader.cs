using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Presence;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Dashboards;

/// <summary>
/// The queues a caller's dashboards cover, from the conversation visibility rules (<see cref="ConversationAccess"/>):
/// ADMIN every queue (<see cref="QueueKeys"/> null), SUPERVISOR their member queues and the conversations without a
/// queue (<see cref="Guid.Empty"/>); narrowed to one queue when the request names one.
/// </summary>
public sealed record DashboardScope(IReadOnlyList<Guid>? QueueKeys)
{
    public bool IncludesNoQueue => QueueKeys is null || QueueKeys.Contains(Guid.Empty);

    public IReadOnlyList<Guid> QueueIds => QueueKeys?.Where(k => k != Guid.Empty).ToList() ?? [];
}

/// <summary>
/// Reads the dashboards' figures: message counts from the 15-minute rollups, first responses from the response
/// episodes, resolutions from the recorded closings, and the live figures from the conversations' status indexes. No
/// query reads <c>messages</c>. Every query carries the SQL comment <see cref="Tag"/>.
/// </summary>
public sealed class DashboardReader(IApplicationDbContext db, ConversationAccess access, IConversationCounters counters, TimeProvider clock)
{
    /// <summary>The SQL comment of the dashboard queries.</summary>
    public const string Tag = "dashboards";

    private static readonly HashSet<string> MediaTypes = [MessageTypes.Image, MessageTypes.Audio, MessageTypes.Video, MessageTypes.Document, MessageTypes.Sticker];

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The caller's scope, narrowed to <paramref name="queueId"/> when given (404 when it is not theirs).</summary>
    public async Task<Result<DashboardScope>> ScopeAsync(Guid? queueId, CancellationToken cancellationToken)
    {
        var visibility = await access.ScopeAsync(cancellationToken);
        IReadOnlyList<Guid>? keys = visibility.Role switch
        {
            Role.ADMIN => null,
            Role.SUPERVISOR => [Guid.Empty, .. visibility.QueueIds],
            _ => [],
        };
        if (queueId is not { } id)
        {
            return new DashboardScope(keys);
        }

        var visible = keys is null ? await db.Queues.AnyAsync(q => q.Id == id, cancellationToken) : id != Guid.Empty && keys.Contains(id);
        return visible ? new DashboardScope([id]) : DashboardErrors.QueueNotFound(id);
    }

    /// <summary>The 15-minute totals of the period, for views by local hour.</summary>
    public IQueryable<MessageCountRollup> Counts(DashboardScope scope, DashboardPeriod period)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        var start = period.StartUtc;
        var end = period.EndUtc;
        return InScope(db.MessageCountRollups.AsNoTracking().TagWith(Tag).Where(r => r.BucketStart >= start && r.BucketStart < end), scope);
    }

    /// <summary>
    /// The message totals of each local day of the period, by the <paramref name="dimensions"/> asked for (the others
    /// are left at their default), of the rows <paramref name="where"/> keeps: the UTC days' totals, with the 15-minute
    /// buckets that lie in another local day moved to it (<see cref="DashboardPeriod.PlanDays"/>). A period of N days
    /// reads about N rows per key, whatever the time zone, instead of 96 N.
    /// </summary>
    public async Task<List<DayCount>> CountsByDayAsync(
        DashboardScope scope,
        DashboardPeriod period,
        CountDimensions dimensions,
        Expression<Func<MessageCountTotal, bool>>? where,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        var plan = period.PlanDays();
        var totals = new Dictionary<DayCountKey, int>();
        void Add(DateOnly day, CountBucket row, int sign)
        {
            var key = new DayCountKey(day, row.QueueId, row.ConnectionId, row.AgentId, row.Direction, row.Type);
            totals[key] = totals.GetValueOrDefault(key) + (sign * row.Count);
        }

        if (plan.FirstDay < plan.EndDay)
        {
            var (first, end) = (plan.FirstDay, plan.EndDay);
            var days = InScope(db.DailyMessageCountRollups.AsNoTracking().TagWith(Tag).Where(r => r.BucketStart >= first && r.BucketStart < end), scope);
            foreach (var row in await GroupAsync(days, dimensions, where, cancellationToken))
            {
                Add(plan.HomeOf(row.Start), row, 1);
            }
        }

        var moves = plan.Moves.ToDictionary(m => m.Bucket);
        foreach (var chunk in moves.Keys.Chunk(2000))
        {
            var buckets = InScope(db.MessageCountRollups.AsNoTracking().TagWith(Tag).Where(r => chunk.Contains(r.BucketStart)), scope);
            foreach (var row in await GroupAsync(buckets, dimensions, where, cancellationToken))
            {
                var move = moves[row.Start];
                if (move.From is { } from)
                {
                    Add(from, row, -1);
                }

                if (move.To is { } to)
                {
                    Add(to, row, 1);
                }
            }
        }

        return totals.Where(t => t.Value != 0)
            .Select(t => new DayCount(t.Key.Day, t.Key.QueueId, t.Key.ConnectionId, t.Key.AgentId, t.Key.Direction, t.Key.Type, t.Value))
            .ToList();
    }

    private static IQueryable<TRow> InScope<TRow>(IQueryable<TRow> rows, DashboardScope scope)
        where TRow : MessageCountTotal
    {
        if (scope.QueueKeys is { } keys)
        {
            rows = rows.Where(r => keys.Contains(r.QueueId));
        }

        return rows;
    }

    /// <summary>
    /// The rows' totals per bucket and asked-for dimension, summed by the database: only the dimensions asked for are
    /// selected and grouped by; the others get their defaults in the result.
    /// </summary>
    private static Task<List<CountBucket>> GroupAsync<TRow>(
        IQueryable<TRow> rows,
        CountDimensions dimensions,
        Expression<Func<MessageCountTotal, bool>>? where,
        CancellationToken cancellationToken)
        where TRow : MessageCountTotal
    {
        var row = Expression.Parameter(typeof(TRow), "r");
        if (where is not null)
        {
            rows = rows.Where(Expression.Lambda<Func<TRow, bool>>(new Rebind(where.Parameters[0], row).Visit(where.Body), row));
        }

        // The key holds the bucket and the dimensions asked for; the others are not selected, and the result gets
        // their defaults.
        var keyType = typeof(CountBucketKey);
        var bindings = new List<MemberBinding> { Expression.Bind(keyType.GetProperty(nameof(CountBucketKey.Start))!, Expression.Property(row, nameof(MessageCountTotal.BucketStart))) };
        foreach (var (dimension, name) in Dimensions)
        {
            if (dimensions.HasFlag(dimension))
            {
                bindings.Add(Expression.Bind(keyType.GetProperty(name)!, Expression.Property(row, name)));
            }
        }

        var key = Expression.Lambda<Func<TRow, CountBucketKey>>(Expression.MemberInit(Expression.New(keyType), bindings), row);
        var group = Expression.Parameter(typeof(IGrouping<CountBucketKey, TRow>), "g");
        var groupKey = Expression.Property(group, nameof(IGrouping<CountBucketKey, TRow>.Key));
        Expression Part(CountDimensions dimension, string name, object otherwise) =>
            dimensions.HasFlag(dimension) ? Expression.Property(groupKey, name) : Expression.Constant(otherwise, keyType.GetProperty(name)!.PropertyType);
        var counted = Expression.Parameter(typeof(TRow), "c");
        var sum = Expression.Call(
            typeof(Enumerable),
            nameof(Enumerable.Sum),
            [typeof(TRow)],
            group,
            Expression.Lambda<Func<TRow, int>>(Expression.Property(counted, nameof(MessageCountTotal.Count)), counted));
        var result = Expression.Lambda<Func<IGrouping<CountBucketKey, TRow>, CountBucket>>(
            Expression.New(
                typeof(CountBucket).GetConstructors().Single(),
                Expression.Property(groupKey, nameof(CountBucketKey.Start)),
                Part(CountDimensions.Queue, nameof(CountBucketKey.QueueId), Guid.Empty),
                Part(CountDimensions.Connection, nameof(CountBucketKey.ConnectionId), Guid.Empty),
                Part(CountDimensions.Agent, nameof(CountBucketKey.AgentId), Guid.Empty),
                Part(CountDimensions.Direction, nameof(CountBucketKey.Direction), default(MessageDirection)),
                Part(CountDimensions.Type, nameof(CountBucketKey.Type), string.Empty),
                sum),
            group);
        return rows.GroupBy(key).Select(result).ToListAsync(cancellationToken);
    }

    private static readonly (CountDimensions Dimension, string Name)[] Dimensions =
    [
        (CountDimensions.Queue, nameof(MessageCountTotal.QueueId)),
        (CountDimensions.Connection, nameof(MessageCountTotal.ConnectionId)),
        (CountDimensions.Agent, nameof(MessageCountTotal.AgentId)),
        (CountDimensions.Direction, nameof(MessageCountTotal.Direction)),
        (CountDimensions.Type, nameof(MessageCountTotal.Type)),
    ];

    /// <summary>Puts another parameter in place of one.</summary>
    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    private sealed class CountBucketKey
    {
        public DateTimeOffset Start { get; init; }

        public Guid QueueId { get; init; }

        public Guid ConnectionId { get; init; }

        public Guid AgentId { get; init; }

        public MessageDirection Direction { get; init; }

        public string Type { get; init; } = string.Empty;
    }

    private sealed record CountBucket(DateTimeOffset Start, Guid QueueId, Guid ConnectionId, Guid AgentId, MessageDirection Direction, string Type, int Count);

    private sealed record DayCountKey(DateOnly Day, Guid QueueId, Guid ConnectionId, Guid AgentId, MessageDirection Direction, string Type);

    /// <summary>The response episodes that started in the period, in the scope.</summary>
    public IQueryable<ResponseEpisode> ResponseEpisodes(DashboardScope scope, DashboardPeriod period)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        var start = period.StartUtc;
        var end = period.EndUtc;
        var rows = db.ResponseEpisodes.AsNoTracking().TagWith(Tag).Where(e => e.StartedAt >= start && e.StartedAt < end);
        if (scope.QueueKeys is { } keys)
        {
            rows = rows.Where(e => keys.Contains(e.QueueId));
        }

        return rows;
    }

    /// <summary>The closings in the period, in the scope.</summary>
    public IQueryable<ConversationResolution> Closings(DashboardScope scope, DashboardPeriod period)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        var start = period.StartUtc;
        var end = period.EndUtc;
        var rows = db.ConversationResolutions.AsNoTracking().TagWith(Tag).Where(r => r.ClosedAt >= start && r.ClosedAt < end);
        if (scope.QueueKeys is { } keys)
        {
            rows = rows.Where(r => keys.Contains(r.QueueId));
        }

        return rows;
    }

    /// <summary>
    /// The conversations not closed now, counted by queue, status and assignee (an index-only read of the status
    /// index), and the oldest change of the waiting ones per queue: the live work, bounded by the team, not by history.
    /// </summary>
    public async Task<LiveData> LiveAsync(DashboardScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var conversations = db.Conversations.AsNoTracking().TagWith(Tag);
        if (scope.QueueKeys is not null)
        {
            var ids = scope.QueueIds;
            conversations = scope.IncludesNoQueue
                ? conversations.Where(c => c.QueueId == null || ids.Contains(c.QueueId.Value))
                : conversations.Where(c => c.QueueId != null && ids.Contains(c.QueueId.Value));
        }

        var counts = await conversations
            .Where(c => c.Status == ConversationStatus.UNASSIGNED || c.Status == ConversationStatus.OPEN)
            .GroupBy(c => new { c.Status, c.QueueId, c.AssigneeId })
            .Select(g => new LiveRow(g.Key.QueueId ?? Guid.Empty, g.Key.Status, g.Key.AssigneeId, g.Count()))
            .ToListAsync(cancellationToken);
        return new LiveData(counts, await OldestWaitingAsync(scope, cancellationToken));
    }

    /// <summary>
    /// The oldest change of a waiting conversation per queue of the scope: per queue, the first entry of the per-queue
    /// status index (<c>(queue_id, status, updated_at, id)</c>), one probe each, instead of reading every waiting
    /// conversation to keep one per queue.
    /// </summary>
    private async Task<Dictionary<Guid, DateTimeOffset>> OldestWaitingAsync(DashboardScope scope, CancellationToken cancellationToken)
    {
        var queues = db.Queues.AsNoTracking().TagWith(Tag);
        if (scope.QueueKeys is not null)
        {
            var ids = scope.QueueIds;
            queues = queues.Where(q => ids.Contains(q.Id));
        }

        var waiting = db.Conversations.AsNoTracking().Where(c => c.Status == ConversationStatus.UNASSIGNED);
        var oldest = await queues
            .Select(q => new { q.Id, Oldest = waiting.Where(c => c.QueueId == q.Id).Min(c => (DateTimeOffset?)c.UpdatedAt) })
            .Where(o => o.Oldest != null)
            .ToDictionaryAsync(o => o.Id, o => o.Oldest!.Value, cancellationToken);
        if (scope.IncludesNoQueue
            && await waiting.TagWith(Tag).Where(c => c.QueueId == null).MinAsync(c => (DateTimeOffset?)c.UpdatedAt, cancellationToken) is { } noQueue)
        {
            oldest[Guid.Empty] = noQueue;
        }

        return oldest;
    }

    /// <summary>How many conversations are CLOSED in the scope (from the counters, not a scan).</summary>
    public Task<long> ClosedAsync(DashboardScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return counters.ClosedAsync(scope.QueueKeys is null ? null : scope.QueueIds, scope.IncludesNoQueue, cancellationToken);
    }

    /// <summary>The first-response target of every queue (deleted ones too, for their history).</summary>
    public Task<Dictionary<Guid, QueueInfo>> QueuesAsync(CancellationToken cancellationToken) =>
        db.Queues.AsNoTracking().TagWith(Tag)
            .Select(q => new QueueInfo(q.Id, q.Name, q.FirstResponseTargetSeconds))
            .ToDictionaryAsync(q => q.Id, cancellationToken);

    /// <summary>The names of users (only the two columns are read).</summary>
    public Task<Dictionary<Guid, string>> UserNamesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return db.Users.AsNoTracking().TagWith(Tag).Where(u => list.Contains(u.Id)).Select(u => new { u.Id, u.FullName }).ToDictionaryAsync(u => u.Id, u => u.FullName, cancellationToken);
    }

    /// <summary>The presence stretches (<see cref="PresenceInterval"/>) that overlap the period.</summary>
    public IQueryable<PresenceInterval> PresenceStretches(DashboardPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var start = period.StartUtc;
        var end = period.EndUtc;
        return db.PresenceIntervals.AsNoTracking().TagWith(Tag).Where(i => i.EndedAt > start && i.StartedAt < end);
    }

    /// <summary>The users who are members of any of <paramref name="queueIds"/> now.</summary>
    public Task<List<Guid>> MembersAsync(IReadOnlyList<Guid> queueIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queueIds);
        var ids = queueIds.ToList();
        return db.Queues.AsNoTracking().TagWith(Tag).Where(q => ids.Contains(q.Id)).SelectMany(q => q.Members.Select(m => m.UserId)).Distinct().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The campaigns of the scope that were sending during the period (started before its end and not finished before
    /// its start), the most recently started first, at most <paramref name="limit"/> of them, and how many there are in
    /// all. A campaign belongs to the queue its replies open in; one without a queue goes with the conversations without
    /// a queue.
    /// </summary>
    public async Task<(List<CampaignRow> Rows, int Total)> CampaignsAsync(DashboardScope scope, DashboardPeriod period, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        var start = period.StartUtc;
        var end = period.EndUtc;
        var campaigns = db.Campaigns.AsNoTracking().TagWith(Tag)
            .Where(c => c.StartedAt != null && c.StartedAt < end && (c.FinishedAt == null || c.FinishedAt >= start));
        if (scope.QueueKeys is not null)
        {
            var ids = scope.QueueIds;
            var none = scope.IncludesNoQueue;
            campaigns = campaigns.Where(c => c.QueueId == null ? none : ids.Contains(c.QueueId.Value));
        }

        var total = await campaigns.CountAsync(cancellationToken);
        var rows = await campaigns.OrderByDescending(c => c.StartedAt).ThenBy(c => c.Id).Take(limit)
            .Select(c => new CampaignRow(c.Id, c.Name, c.Status, c.QueueId, c.StartedAt, c.FinishedAt))
            .ToListAsync(cancellationToken);
        return (rows, total);
    }

    /// <summary>
    /// The ledgers of <paramref name="campaignIds"/> now: recipients per campaign and state, and recipients who replied
    /// (two grouped counts over the ledger's (campaign_id, status) index).
    /// </summary>
    public async Task<(List<LedgerCount> ByStatus, Dictionary<Guid, int> Replied)> CampaignLedgersAsync(IReadOnlyCollection<Guid> campaignIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaignIds);
        if (campaignIds.Count == 0)
        {
            return ([], []);
        }

        var ids = campaignIds.ToList();
        var byStatus = await db.CampaignRecipients.AsNoTracking().TagWith(Tag)
            .Where(r => ids.Contains(r.CampaignId))
            .GroupBy(r => new { r.CampaignId, r.Status })
            .Select(g => new LedgerCount(g.Key.CampaignId, g.Key.Status, g.Count()))
            .ToListAsync(cancellationToken);
        var replied = await db.CampaignRecipients.AsNoTracking().TagWith(Tag)
            .Where(r => ids.Contains(r.CampaignId) && r.RepliedAt != null)
            .GroupBy(r => r.CampaignId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return (byStatus, replied);
    }

    /// <summary>The names of business numbers (only the two columns are read, never a number's credentials).</summary>
    public Task<Dictionary<Guid, string>> ConnectionNamesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return db.Connections.AsNoTracking().TagWith(Tag).Where(c => list.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
    }

    public static MessageFigures Figures(IEnumerable<TypeCount> counts)
    {
        int total = 0, inbound = 0, outbound = 0, media = 0, audio = 0;
        foreach (var c in counts)
        {
            total += c.Count;
            if (c.Direction == MessageDirection.Inbound)
            {
                inbound += c.Count;
                continue;
            }

            outbound += c.Count;
            if (MediaTypes.Contains(c.Type))
            {
                media += c.Count;
            }

            if (c.Type == MessageTypes.Audio)
            {
                audio += c.Count;
            }
        }

        return new MessageFigures(total, inbound, outbound, media, audio);
    }

    /// <summary>The live figures of <paramref name="data"/>, for one queue key or (null) all of them.</summary>
    public LiveFigures Live(LiveData data, Guid? queueKey = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rows = data.Counts.Where(r => queueKey is null || r.QueueId == queueKey).ToList();
        var oldest = data.OldestWaiting.Where(o => queueKey is null || o.Key == queueKey).Select(o => (DateTimeOffset?)o.Value).Min();
        return new LiveFigures(
            rows.Where(r => r.Status == ConversationStatus.UNASSIGNED).Sum(r => r.Count),
            oldest is { } since ? (int)Math.Max(0, Math.Floor((Now - since).TotalSeconds)) : null,
            rows.Where(r => r.Status == ConversationStatus.OPEN).Sum(r => r.Count));
    }

    /// <summary>The first-response target of a queue key (<see cref="Queue.DefaultFirstResponseTargetSeconds"/> for none).</summary>
    public static Func<Guid, int> TargetOf(Dictionary<Guid, QueueInfo> queues) =>
        key => queues.TryGetValue(key, out var queue) ? queue.FirstResponseTargetSeconds : Queue.DefaultFirstResponseTargetSeconds;
}

public sealed record TypeCount(MessageDirection Direction, string Type, int Count);

/// <summary>The dimensions a <see cref="DashboardReader.CountsByDayAsync"/> keeps apart.</summary>
[Flags]
public enum CountDimensions
{
    None = 0,
    Queue = 1,
    Connection = 2,
    Agent = 4,
    Direction = 8,
    Type = 16,
}

/// <summary>The messages of one local day and key; the dimensions not asked for hold their defaults.</summary>
public sealed record DayCount(DateOnly Day, Guid QueueId, Guid ConnectionId, Guid AgentId, MessageDirection Direction, string Type, int Count)
{
    public TypeCount AsTypeCount => new(Direction, Type, Count);
}

public sealed record LiveRow(Guid QueueId, ConversationStatus Status, Guid? AssigneeId, int Count);

/// <summary>The live counts, and the oldest change of a waiting conversation per queue key.</summary>
public sealed record LiveData(IReadOnlyList<LiveRow> Counts, IReadOnlyDictionary<Guid, DateTimeOffset> OldestWaiting);

public sealed record QueueInfo(Guid Id, string Name, int FirstResponseTargetSeconds);

/// <summary>A campaign as the dashboards show it.</summary>
public sealed record CampaignRow(Guid Id, string Name, CampaignStatus Status, Guid? QueueId, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>How many of a campaign's recipients are in one state of its ledger.</summary>
public sealed record LedgerCount(Guid CampaignId, CampaignRecipientStatus Status, int Count);
