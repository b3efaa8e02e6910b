using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Infrastructure.Persistence.Dashboards;

/// <summary>
/// The dashboards' statistics computed by PostgreSQL (docs/decisions/0056-dashboard-statistics-in-the-database.md):
/// one statement per figure set returns one row per key, with <c>percentile_disc</c> for the nearest-rank percentiles
/// (<see cref="Percentiles"/>), a filtered count for the waits longer than their queue's target, and counts per
/// 15-minute bucket (<see cref="DashboardBuckets"/>) for the views by local day. The period's waits are read from
/// <c>ix_dashboard_response_episodes_period</c> and its closings from <c>ix_dashboard_resolutions_period</c>, both
/// covering, so no statement visits a table. Gives what <see cref="ComputedDashboardStatistics"/> gives.
/// </summary>
internal sealed class PostgresDashboardStatistics(AppDbContext db) : IDashboardStatistics
{
    private static readonly string Median = Percentiles.MedianFraction.ToString(CultureInfo.InvariantCulture);
    private static readonly string P90 = Percentiles.P90Fraction.ToString(CultureInfo.InvariantCulture);
    private static readonly long BucketSeconds = (long)DashboardBuckets.Size.TotalSeconds;

    public async Task<List<AnsweredFigures>> AnsweredAsync(DashboardScope scope, DashboardPeriod period, FigureKey by, CancellationToken cancellationToken)
    {
        // A wait breaches when it took longer than its queue's target; conversations without a queue (and the waits of
        // a queue no longer there) have the default target, as DashboardReader.TargetOf.
        var key = KeyColumn(by, "e.queue_id", "e.responder_id");
        var sql = $$"""
            -- {{DashboardReader.Tag}}
            SELECT {{key}} AS "Key", count(*)::int AS "Answered",
                   percentile_disc({{Median}}) WITHIN GROUP (ORDER BY e.seconds) AS "MedianSeconds",
                   percentile_disc({{P90}}) WITHIN GROUP (ORDER BY e.seconds) AS "P90Seconds",
                   count(*) FILTER (WHERE e.seconds > coalesce(q.first_response_target_seconds, {{Queue.DefaultFirstResponseTargetSeconds}}))::int AS "Breaches"
            FROM dashboard_response_episodes AS e LEFT JOIN queues AS q ON q.id = e.queue_id
            WHERE e.started_at >= {0} AND e.started_at < {1} AND e.seconds IS NOT NULL{{InScope(scope, "e.queue_id")}}{{NotNull(by, "e.responder_id")}}
            {{GroupBy(by, key)}}
            """;
        var rows = await db.Database.SqlQueryRaw<AnsweredRow>(sql, Parameters(scope, period)).ToListAsync(cancellationToken);
        return rows.Select(r => new AnsweredFigures(r.Key ?? Guid.Empty, r.Answered, r.MedianSeconds, r.P90Seconds, r.Breaches)).ToList();
    }

    public async Task<List<ResolvedFigures>> ResolvedAsync(DashboardScope scope, DashboardPeriod period, FigureKey by, CancellationToken cancellationToken)
    {
        var key = KeyColumn(by, "r.queue_id", "r.agent_id");
        var sql = $$"""
            -- {{DashboardReader.Tag}}
            SELECT {{key}} AS "Key", count(*)::int AS "Resolved",
                   percentile_disc({{Median}}) WITHIN GROUP (ORDER BY r.seconds) AS "MedianSeconds",
                   percentile_disc({{P90}}) WITHIN GROUP (ORDER BY r.seconds) AS "P90Seconds"
            FROM dashboard_resolutions AS r
            WHERE r.closed_at >= {0} AND r.closed_at < {1}{{InScope(scope, "r.queue_id")}}{{NotNull(by, "r.agent_id")}}
            {{GroupBy(by, key)}}
            """;
        var rows = await db.Database.SqlQueryRaw<ResolvedRow>(sql, Parameters(scope, period)).ToListAsync(cancellationToken);
        return rows.Select(r => new ResolvedFigures(r.Key ?? Guid.Empty, r.Resolved, r.MedianSeconds, r.P90Seconds)).ToList();
    }

    public Task<List<BucketCount>> AnsweredPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken) =>
        PerBucketAsync(
            $$"""
            -- {{DashboardReader.Tag}}
            SELECT floor(extract(epoch FROM e.started_at) / {{BucketSeconds}})::bigint AS "Bucket", count(*)::int AS "Count"
            FROM dashboard_response_episodes AS e
            WHERE e.started_at >= {0} AND e.started_at < {1} AND e.seconds IS NOT NULL{{InScope(scope, "e.queue_id")}}
            GROUP BY 1
            """,
            scope,
            period,
            cancellationToken);

    public Task<List<BucketCount>> ResolvedPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken) =>
        PerBucketAsync(
            $$"""
            -- {{DashboardReader.Tag}}
            SELECT floor(extract(epoch FROM r.closed_at) / {{BucketSeconds}})::bigint AS "Bucket", count(*)::int AS "Count"
            FROM dashboard_resolutions AS r
            WHERE r.closed_at >= {0} AND r.closed_at < {1}{{InScope(scope, "r.queue_id")}}
            GROUP BY 1
            """,
            scope,
            period,
            cancellationToken);

    private async Task<List<BucketCount>> PerBucketAsync(string sql, DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<BucketRow>(sql, Parameters(scope, period)).ToListAsync(cancellationToken);
        return rows.Select(r => new BucketCount(DateTimeOffset.FromUnixTimeSeconds(r.Bucket * BucketSeconds), r.Count)).ToList();
    }

    /// <summary>The key column of <paramref name="by"/>: none for the whole scope, the queue or the user column.</summary>
    private static string KeyColumn(FigureKey by, string queueColumn, string userColumn) => by switch
    {
        FigureKey.Queue => queueColumn,
        FigureKey.Agent => userColumn,
        _ => "NULL::uuid",
    };

    /// <summary>Per key: rows without a user do not count per user. The whole scope is one group (one row, even empty).</summary>
    private static string NotNull(FigureKey by, string userColumn) => by == FigureKey.Agent ? $" AND {userColumn} IS NOT NULL" : string.Empty;

    private static string GroupBy(FigureKey by, string key) => by == FigureKey.All ? string.Empty : $"GROUP BY {key}";

    private static string InScope(DashboardScope scope, string queueColumn) =>
        scope.QueueKeys is null ? string.Empty : $" AND {queueColumn} = ANY ({{2}})";

    private static object[] Parameters(DashboardScope scope, DashboardPeriod period)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        object[] range = [period.StartUtc.ToUniversalTime(), period.EndUtc.ToUniversalTime()];
        return scope.QueueKeys is { } keys ? [.. range, keys.ToArray()] : range;
    }

    private sealed class AnsweredRow
    {
        public Guid? Key { get; init; }

        public int Answered { get; init; }

        public int? MedianSeconds { get; init; }

        public int? P90Seconds { get; init; }

        public int Breaches { get; init; }
    }

    private sealed class ResolvedRow
    {
        public Guid? Key { get; init; }

        public int Resolved { get; init; }

        public int? MedianSeconds { get; init; }

        public int? P90Seconds { get; init; }
    }

    private sealed class BucketRow
    {
        public long Bucket { get; init; }

        public int Count { get; init; }
    }
}
