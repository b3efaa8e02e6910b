using Microsoft.EntityFrameworkCore;
using WhatsSuite.Domain.Dashboards;

namespace WhatsSuite.Application.Dashboards;

/// <summary>
/// The dashboards' statistics computed here from the period's rows, grouped by the database as far as any provider
/// can: answered waits by queue, responder and length, closings and starts one by one. What the embedded database
/// uses, where a period holds a small team's rows; the reference the database's own computation is tested against.
/// </summary>
public sealed class ComputedDashboardStatistics(DashboardReader reader) : IDashboardStatistics
{
    public async Task<List<AnsweredFigures>> AnsweredAsync(DashboardScope scope, DashboardPeriod period, FigureKey by, CancellationToken cancellationToken)
    {
        var targetOf = DashboardReader.TargetOf(await reader.QueuesAsync(cancellationToken));
        var rows = await reader.ResponseEpisodes(scope, period)
            .Where(e => e.Seconds != null)
            .GroupBy(e => new { e.QueueId, e.ResponderId, e.Seconds })
            .Select(g => new { g.Key.QueueId, g.Key.ResponderId, Seconds = g.Key.Seconds!.Value, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var figures = rows
            .Select(r => (Key: KeyOf(by, r.QueueId, r.ResponderId), r.QueueId, r.Seconds, r.Count))
            .Where(r => r.Key is not null)
            .GroupBy(r => r.Key!.Value)
            .Select(g =>
            {
                var (median, p90) = Percentiles.MedianAndP90(g.SelectMany(r => Enumerable.Repeat(r.Seconds, r.Count)));
                return new AnsweredFigures(g.Key, g.Sum(r => r.Count), median, p90, g.Where(r => r.Seconds > targetOf(r.QueueId)).Sum(r => r.Count));
            })
            .ToList();
        return by == FigureKey.All && figures.Count == 0 ? [new AnsweredFigures(Guid.Empty, 0, null, null, 0)] : figures;
    }

    public async Task<List<ResolvedFigures>> ResolvedAsync(DashboardScope scope, DashboardPeriod period, FigureKey by, CancellationToken cancellationToken)
    {
        var rows = await reader.Closings(scope, period).Select(r => new { r.QueueId, r.AgentId, r.Seconds }).ToListAsync(cancellationToken);
        var figures = rows
            .Select(r => (Key: KeyOf(by, r.QueueId, r.AgentId), r.Seconds))
            .Where(r => r.Key is not null)
            .GroupBy(r => r.Key!.Value)
            .Select(g =>
            {
                var (median, p90) = Percentiles.MedianAndP90(g.Select(r => r.Seconds));
                return new ResolvedFigures(g.Key, g.Count(), median, p90);
            })
            .ToList();
        return by == FigureKey.All && figures.Count == 0 ? [new ResolvedFigures(Guid.Empty, 0, null, null)] : figures;
    }

    public async Task<List<BucketCount>> AnsweredPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken) =>
        PerBucket(await reader.ResponseEpisodes(scope, period).Where(e => e.Seconds != null).Select(e => e.StartedAt).ToListAsync(cancellationToken));

    public async Task<List<BucketCount>> ResolvedPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken) =>
        PerBucket(await reader.Closings(scope, period).Select(r => r.ClosedAt).ToListAsync(cancellationToken));

    /// <summary>The key a row counts under: the whole scope, its queue key, or its user (none: not counted per user).</summary>
    private static Guid? KeyOf(FigureKey by, Guid queueId, Guid? userId) => by switch
    {
        FigureKey.Queue => queueId,
        FigureKey.Agent => userId,
        _ => Guid.Empty,
    };

    private static List<BucketCount> PerBucket(IEnumerable<DateTimeOffset> instants) =>
        instants.GroupBy(DashboardBuckets.Floor).Select(g => new BucketCount(g.Key, g.Count())).ToList();
}
