namespace WhatsSuite.Application.Dashboards;

/// <summary>
/// The dashboards' statistics over the period's many rows (waits, closings, presence stretches): counts, nearest-rank percentiles
/// (<see cref="Percentiles"/>) and breaches per row of a view, and counts per 15-minute bucket for the views by local
/// day. PostgreSQL computes them where the rows are, so a view reads one row per queue or agent instead of one per wait
/// (docs/decisions/0056-dashboard-statistics-in-the-database.md); the embedded database leaves them to
/// <see cref="ComputedDashboardStatistics"/>. Both give the same figures.
/// </summary>
public interface IDashboardStatistics
{
    /// <summary>
    /// The first responses to the waits (response episodes) that started in the period, per <paramref name="by"/>:
    /// answered and unanswered, the median and 90th percentile of the answered ones' seconds, and the breaches: answered
    /// later than their queue's first-response target, or unanswered for longer than it at <paramref name="now"/>.
    /// <see cref="FigureKey.All"/> gives one entry (zeros when there is nothing); the others one per queue key or
    /// responder that has any (per responder, only answered waits count).
    /// </summary>
    Task<Dictionary<Guid, FirstResponseFigures>> FirstResponsesAsync(DashboardScope scope, DashboardPeriod period, FigureKey by, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The closings of the period, per <paramref name="by"/>: how many, and the median and 90th percentile of their
    /// duration. <see cref="FigureKey.All"/> gives one entry (zeros when there is nothing); the others one per queue key
    /// or agent that has any (closings held by nobody count for the scope and their queue only).
    /// </summary>
    Task<Dictionary<Guid, ResolutionFigures>> ResolutionsAsync(DashboardScope scope, DashboardPeriod period, FigureKey by, CancellationToken cancellationToken);

    /// <summary>The answered waits that started in the period, counted per 15-minute UTC bucket of their start.</summary>
    Task<List<BucketCount>> AnsweredPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken);

    /// <summary>The closings of the period, counted per 15-minute UTC bucket of their closing.</summary>
    Task<List<BucketCount>> ResolvedPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken);

    /// <summary>
    /// Presence time in the period per user (ADR 0057): the seconds of their presence stretches that lie within it, and of
    /// those the seconds they were available, each rounded down to the second. Only users with a stretch in the period.
    /// </summary>
    Task<Dictionary<Guid, PresenceFigures>> PresenceAsync(DashboardPeriod period, CancellationToken cancellationToken);
}

/// <summary>What a view's figures are computed per.</summary>
public enum FigureKey
{
    /// <summary>The whole scope: one row, keyed <see cref="Guid.Empty"/>.</summary>
    All,

    /// <summary>Per queue key (<see cref="Guid.Empty"/> for conversations without a queue).</summary>
    Queue,

    /// <summary>Per user: who answered a wait, who held a conversation when it closed.</summary>
    Agent,
}

/// <summary>How many rows fall in the 15-minute UTC bucket starting at <see cref="Bucket"/>.</summary>
public sealed record BucketCount(DateTimeOffset Bucket, int Count);
