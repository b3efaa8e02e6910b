using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Infrastructure.Persistence.Dashboards;

/// <summary>
/// The dashboards' statistics computed by PostgreSQL (docs/decisions/0056-dashboard-statistics-in-the-database.md):
/// one statement per figure set returns one row per key, with <c>percentile_disc</c> for the nearest-rank percentiles
/// (<see cref="Percentiles"/>), a filtered count for the waits answered or left waiting longer than their queue's
/// target, counts per 15-minute bucket (<see cref="DashboardBuckets"/>) for the views by local day, and presence time summed per user. The period's waits are read from
/// <c>ix_dashboard_response_episodes_period</c> and its closings from <c>ix_dashboard_resolutions_period</c>, both
/// covering, so no statement visits a table. Gives what <see cref="ComputedDashboardStatistics"/> gives.
/// </summary>
internal sealed class PostgresDashboardStatistics(AppDbContext db) : IDashboardStatistics
{
    private static readonly string Median = Percentiles.MedianFraction.ToString(CultureInfo.InvariantCulture);
    private static readonly string P90 = Percentiles.P90Fraction.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bucket size and an origin on a bucket boundary, for <c>date_bin</c> (PostgreSQL 14 and later).</summary>
    private static readonly string Bucket = $"interval '{(int)DashboardBuckets.Size.TotalMinutes} minutes'";
    private const string Origin = "TIMESTAMPTZ '2000-01-01 00:00:00+00'";

    public async Task<Dictionary<Guid, FirstResponseFigures>> FirstResponsesAsync(
        DashboardScope scope,
        DashboardPeriod period,
        FigureKey by,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sql = by switch
        {
            FigureKey.Queue => FirstResponsesPerQueue(scope),
            FigureKey.Agent => FirstResponsesPerResponder(scope),
            _ => FirstResponsesOfTheScope(scope),
        };
        var rows = await db.Database.SqlQueryRaw<FirstResponseRow>(sql, [.. Parameters(scope, period), now.ToUniversalTime()]).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key ?? Guid.Empty, r => new FirstResponseFigures(r.Answered, r.Unanswered, r.MedianSeconds, r.P90Seconds, r.Breaches));
    }

    /// <summary>
    /// The first-response figures of the waits <c>e</c>, whose queue's target is <c>t.target</c> (<see cref="TargetOf"/>).
    /// A wait breaches when it was answered later than the target, or has been waiting longer than it at parameter 3 (the
    /// request's instant). percentile_disc leaves out the unanswered waits (no seconds).
    /// </summary>
    private static readonly string FirstResponseColumns = $$"""
        count(e.seconds)::int AS "Answered", (count(*) - count(e.seconds))::int AS "Unanswered",
               percentile_disc({{Median}}) WITHIN GROUP (ORDER BY e.seconds) AS "MedianSeconds",
               percentile_disc({{P90}}) WITHIN GROUP (ORDER BY e.seconds) AS "P90Seconds",
               count(*) FILTER (WHERE CASE WHEN e.seconds IS NULL THEN {3} - e.started_at > t.target * interval '1 second' ELSE e.seconds > t.target END)::int AS "Breaches"
        """;

    /// <summary>The whole scope: the period's waits from the period index.</summary>
    private static string FirstResponsesOfTheScope(DashboardScope scope) => $$"""
        -- {{DashboardReader.Tag}}
        SELECT NULL::uuid AS "Key", {{FirstResponseColumns}}
        FROM dashboard_response_episodes AS e
        {{TargetOf("e.queue_id")}}
        WHERE e.started_at >= {0} AND e.started_at < {1}{{InScope(scope, "e.queue_id")}}
        """;

    /// <summary>
    /// Per queue key: each key's waits of the period read in turn from <c>ix_dashboard_response_episodes_queue_period</c>
    /// (no sort of the whole period by queue, and one target per key instead of a join per wait). The keys are the
    /// scope's, or for every queue those that have any wait at all, found by a walk of that index (one probe per key).
    /// </summary>
    private static string FirstResponsesPerQueue(DashboardScope scope)
    {
        var keys = scope.QueueKeys is null ? Walk("queue_id") : "WITH keys AS (SELECT DISTINCT unnest({2}::uuid[]) AS id)";
        return $$"""
            -- {{DashboardReader.Tag}}
            {{keys}}
            SELECT k.id AS "Key", s.*
            FROM keys AS k
            {{TargetOf("k.id")}}
            CROSS JOIN LATERAL (
                SELECT {{FirstResponseColumns}}
                FROM dashboard_response_episodes AS e
                WHERE e.queue_id = k.id AND e.started_at >= {0} AND e.started_at < {1}) AS s
            WHERE s."Answered" + s."Unanswered" > 0
            """;
    }

    /// <summary>
    /// Per responder: each responder's waits of the period read in turn from
    /// <c>ix_dashboard_response_episodes_responder_period</c> (no sort of the whole period by responder), the
    /// responders found by a walk of that index. Their queues' targets differ from wait to wait, so each wait is
    /// joined to its queue (a hash of the queues per responder).
    /// </summary>
    private static string FirstResponsesPerResponder(DashboardScope scope) => $$"""
        -- {{DashboardReader.Tag}}
        {{Walk("responder_id")}}
        SELECT k.id AS "Key", s.*
        FROM keys AS k
        CROSS JOIN LATERAL (
            SELECT {{FirstResponseColumns}}
            FROM dashboard_response_episodes AS e
            {{TargetOf("e.queue_id")}}
            WHERE e.responder_id = k.id AND e.started_at >= {0} AND e.started_at < {1}{{InScope(scope, "e.queue_id")}}) AS s
        WHERE s."Answered" + s."Unanswered" > 0
        """;

    /// <summary>
    /// <c>t.target</c>: the first-response target of the queue <paramref name="queueColumn"/>; the default for
    /// conversations without a queue and for a queue no longer there, as <c>DashboardReader.TargetOf</c>.
    /// </summary>
    private static string TargetOf(string queueColumn) => $$"""
        LEFT JOIN queues AS q ON q.id = {{queueColumn}}
        CROSS JOIN LATERAL (SELECT coalesce(q.first_response_target_seconds, {{Queue.DefaultFirstResponseTargetSeconds}}) AS target) AS t
        """;

    /// <summary>
    /// <c>keys</c>: the distinct values of <paramref name="column"/> among the waits, null left out, found by walking
    /// its index from one value to the next (one probe each, however many waits each has).
    /// </summary>
    private static string Walk(string column) => $$"""
        WITH RECURSIVE walk AS (
            SELECT (SELECT w.{{column}} FROM dashboard_response_episodes AS w WHERE w.{{column}} IS NOT NULL ORDER BY w.{{column}} LIMIT 1) AS id
            UNION ALL
            SELECT (SELECT w.{{column}} FROM dashboard_response_episodes AS w WHERE w.{{column}} > walk.id ORDER BY w.{{column}} LIMIT 1)
            FROM walk WHERE walk.id IS NOT NULL),
        keys AS (SELECT id FROM walk WHERE id IS NOT NULL)
        """;

    public async Task<Dictionary<Guid, ResolutionFigures>> ResolutionsAsync(DashboardScope scope, DashboardPeriod period, FigureKey by, CancellationToken cancellationToken)
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
        var rows = await db.Database.SqlQueryRaw<ResolutionRow>(sql, Parameters(scope, period)).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key ?? Guid.Empty, r => new ResolutionFigures(r.Resolved, r.MedianSeconds, r.P90Seconds));
    }

    public Task<List<BucketCount>> AnsweredPerBucketAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken) =>
        PerBucketAsync(
            $$"""
            -- {{DashboardReader.Tag}}
            SELECT date_bin({{Bucket}}, e.started_at, {{Origin}}) AS "Bucket", count(*)::int AS "Count"
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
            SELECT date_bin({{Bucket}}, r.closed_at, {{Origin}}) AS "Bucket", count(*)::int AS "Count"
            FROM dashboard_resolutions AS r
            WHERE r.closed_at >= {0} AND r.closed_at < {1}{{InScope(scope, "r.queue_id")}}
            GROUP BY 1
            """,
            scope,
            period,
            cancellationToken);

    /// <summary>
    /// Presence time: each stretch cut at the period's bounds and summed per user as an interval (exact to the
    /// microsecond), then turned into whole seconds; read from <c>ix_presence_intervals_period</c>, which covers it.
    /// </summary>
    public async Task<Dictionary<Guid, PresenceFigures>> PresenceAsync(DashboardPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var rows = await db.Database.SqlQueryRaw<PresenceRow>(
                $$"""
                -- {{DashboardReader.Tag}}
                SELECT p.user_id AS "Key",
                       floor(extract(epoch FROM sum(least(p.ended_at, {1}) - greatest(p.started_at, {0}))))::int AS "OnlineSeconds",
                       floor(coalesce(extract(epoch FROM sum(least(p.ended_at, {1}) - greatest(p.started_at, {0})) FILTER (WHERE p.availability = '{{Availability.Available}}')), 0))::int AS "AvailableSeconds"
                FROM presence_intervals AS p
                WHERE p.ended_at > {0} AND p.started_at < {1}
                GROUP BY p.user_id
                """,
                period.StartUtc.ToUniversalTime(),
                period.EndUtc.ToUniversalTime())
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => new PresenceFigures(r.OnlineSeconds, r.AvailableSeconds));
    }

    private async Task<List<BucketCount>> PerBucketAsync(string sql, DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<BucketRow>(sql, Parameters(scope, period)).ToListAsync(cancellationToken);
        return rows.Select(r => new BucketCount(r.Bucket, r.Count)).ToList();
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

    /// <summary>The scope's filter on the queue keys, parameter 2 (none for every queue).</summary>
    private static string InScope(DashboardScope scope, string queueColumn) =>
        scope.QueueKeys is null ? string.Empty : $" AND {queueColumn} = ANY ({{2}})";

    /// <summary>The period's start and end (parameters 0 and 1) and the scope's queue keys (2; unused for every queue).</summary>
    private static object[] Parameters(DashboardScope scope, DashboardPeriod period)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        return [period.StartUtc.ToUniversalTime(), period.EndUtc.ToUniversalTime(), scope.QueueKeys?.ToArray() ?? []];
    }

    private sealed class FirstResponseRow
    {
        public Guid? Key { get; init; }

        public int Answered { get; init; }

        public int Unanswered { get; init; }

        public int? MedianSeconds { get; init; }

        public int? P90Seconds { get; init; }

        public int Breaches { get; init; }
    }

    private sealed class ResolutionRow
    {
        public Guid? Key { get; init; }

        public int Resolved { get; init; }

        public int? MedianSeconds { get; init; }

        public int? P90Seconds { get; init; }
    }

    private sealed class PresenceRow
    {
        public Guid Key { get; init; }

        public int OnlineSeconds { get; init; }

        public int AvailableSeconds { get; init; }
    }

    private sealed class BucketRow
    {
        public DateTimeOffset Bucket { get; init; }

        public int Count { get; init; }
    }
}
