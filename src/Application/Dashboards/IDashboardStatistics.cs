namespace WhatsSuite.Application.Dashboards;

/// <summary>
/// The dashboards' statistics over the period's many rows (answered waits, closings): counts, nearest-rank percentiles
/// (<see cref="Percentiles"/>) and breaches per row of a view, and counts per 15-minute bucket for the views by local
/// day. PostgreSQL computes them where the rows are, so a view reads one row per queue or agent instead of one per wait
/// (docs/decisions/0056-dashboard-statistics-in-the-database.md); the embedded database leaves them to
/// <see cref="ComputedDashboardStatistics"/>. Both give the same figures.
/// </summary>
public interface IDashboardStatistics
{
    /// <summary>
    /// The answered waits (response episodes) that started in the period, per <paramref name="by"/>: one row for
    /// <see cref="FigureKey.All"/> (zeros when there are none), otherwise one per queue key or responder that has any.
    /// </summary>
    Task<List<AnsweredFigures>> AnsweredAsync(DashboardScope scope, DashboardPeriod period, FigureKey by, CancellationToken cancellationToken);

    /// <summary>
    /// The closings of the period, per <paramref name="by"/>: one row for <see cref="FigureKey.All"/> (zeros when there
    /// are none), otherwise one per queue key or agent (closings held by nobody are only in the first two).
    /// </summary>
    Task<List<ResolvedFigures>> ResolvedAsync(DashboardScope scope, DashboardPeriod period, FigureKey by, CancellationToken cancellationToken);

    /// <summary>The answered waits that started in the period, counted per 15-minute UTC bucket of their start.</summary>
    Task<List<BucketCount>> AnsweredPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken);

    /// <summary>The closings of the period, counted per 15-minute UTC bucket of their closing.</summary>
    Task<List<BucketCount>> ResolvedPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken);
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

/// <summary>
/// The answered waits of one key: how many, the median and 90th percentile of their seconds, and how many took longer
/// than their queue's first-response target.
/// </summary>
public sealed record AnsweredFigures(Guid Key, int Answered, int? MedianSeconds, int? P90Seconds, int Breaches);

/// <summary>The closings of one key: how many, and the median and 90th percentile of their duration in seconds.</summary>
public sealed record ResolvedFigures(Guid Key, int Resolved, int? MedianSeconds, int? P90Seconds);

/// <summary>How many rows fall in the 15-minute UTC bucket starting at <see cref="Bucket"/>.</summary>
public sealed record BucketCount(DateTimeOffset Bucket, int Count);
