using Microsoft.EntityFrameworkCore;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Presence;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Dashboards;

/// <summary>
/// The dashboards' statistics computed here from the period's rows, grouped by the database as far as any provider
/// can: answered waits by queue, responder and length; unanswered waits, closings and starts one by one. What the
/// embedded database uses, where a period holds a small team's rows; the reference the database's own computation is
/// tested against.
/// </summary>
public sealed class ComputedDashboardStatistics(DashboardReader reader) : IDashboardStatistics
{
    public async Task<Dictionary<Guid, FirstResponseFigures>> FirstResponsesAsync(
        DashboardScope scope,
        DashboardPeriod period,
        FigureKey by,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var targetOf = DashboardReader.TargetOf(await reader.QueuesAsync(cancellationToken));
        var episodes = reader.ResponseEpisodes(scope, period);
        var answered = await episodes
            .Where(e => e.Seconds != null)
            .GroupBy(e => new { e.QueueId, e.ResponderId, e.Seconds })
            .Select(g => new { g.Key.QueueId, g.Key.ResponderId, Seconds = g.Key.Seconds!.Value, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var unanswered = by == FigureKey.Agent
            ? []
            : await episodes.Where(e => e.Seconds == null).Select(e => new { e.QueueId, e.StartedAt }).ToListAsync(cancellationToken);

        // The database holds whole microseconds; so does the instant the waits are judged at.
        now = now.AddTicks(-(now.UtcTicks % 10));
        var waits = answered
            .Select(a => (Key: KeyOf(by, a.QueueId, a.ResponderId), Seconds: (int?)a.Seconds, a.Count, Breached: a.Seconds > targetOf(a.QueueId)))
            .Concat(unanswered.Select(u => (Key: KeyOf(by, u.QueueId, null), Seconds: (int?)null, Count: 1, Breached: now - u.StartedAt > TimeSpan.FromSeconds(targetOf(u.QueueId)))))
            .Where(w => w.Key is not null);
        var figures = waits
            .GroupBy(w => w.Key!.Value)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var (median, p90) = Percentiles.MedianAndP90(g.Where(w => w.Seconds is not null).SelectMany(w => Enumerable.Repeat(w.Seconds!.Value, w.Count)));
                    return new FirstResponseFigures(
                        g.Where(w => w.Seconds is not null).Sum(w => w.Count),
                        g.Where(w => w.Seconds is null).Sum(w => w.Count),
                        median,
                        p90,
                        g.Where(w => w.Breached).Sum(w => w.Count));
                });
        if (by == FigureKey.All && figures.Count == 0)
        {
            figures[Guid.Empty] = FirstResponseFigures.None;
        }

        return figures;
    }

    public async Task<Dictionary<Guid, ResolutionFigures>> ResolutionsAsync(DashboardScope scope, DashboardPeriod period, FigureKey by, CancellationToken cancellationToken)
    {
        var rows = await reader.Closings(scope, period).Select(r => new { r.QueueId, r.AgentId, r.Seconds }).ToListAsync(cancellationToken);
        var figures = rows
            .Select(r => (Key: KeyOf(by, r.QueueId, r.AgentId), r.Seconds))
            .Where(r => r.Key is not null)
            .GroupBy(r => r.Key!.Value)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var (median, p90) = Percentiles.MedianAndP90(g.Select(r => r.Seconds));
                    return new ResolutionFigures(g.Count(), median, p90);
                });
        if (by == FigureKey.All && figures.Count == 0)
        {
            figures[Guid.Empty] = ResolutionFigures.None;
        }

        return figures;
    }

    public async Task<List<BucketCount>> AnsweredPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken) =>
        PerBucket(await reader.ResponseEpisodes(scope, period).Where(e => e.Seconds != null).Select(e => e.StartedAt).ToListAsync(cancellationToken));

    public async Task<List<BucketCount>> ResolvedPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken) =>
        PerBucket(await reader.Closings(scope, period).Select(r => r.ClosedAt).ToListAsync(cancellationToken));

    public async Task<Dictionary<Guid, PresenceFigures>> PresenceAsync(DashboardPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var stretches = await reader.PresenceStretches(period).Select(i => new { i.UserId, i.Availability, i.StartedAt, i.EndedAt }).ToListAsync(cancellationToken);
        long Ticks(DateTimeOffset startedAt, DateTimeOffset endedAt) => PresenceInterval.Within(startedAt, endedAt, period.StartUtc, period.EndUtc).Ticks;
        return stretches
            .GroupBy(s => s.UserId)
            .ToDictionary(g => g.Key, g => new PresenceFigures(
                (int)(g.Sum(s => Ticks(s.StartedAt, s.EndedAt)) / TimeSpan.TicksPerSecond),
                (int)(g.Where(s => s.Availability == Availability.Available).Sum(s => Ticks(s.StartedAt, s.EndedAt)) / TimeSpan.TicksPerSecond)));
    }

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
