using System.Globalization;
using System.Text;

namespace WhatsSuite.Bench.Scale;

/// <summary>The report as a Markdown table: per endpoint and user count, median [min–max] over the repeats.</summary>
internal static class Markdown
{
    /// <summary>Lists, search and summary must answer alone within these (p50, p99) on the reference machine.</summary>
    private const double AloneP50Ms = 10;
    private const double AloneP99Ms = 20;

    public static string Render(Report r)
    {
        var b = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        b.AppendLine(inv, $"# Desk at scale, {r.DataSet.GetValueOrDefault("messages")} messages ({r.FinishedAt:yyyy-MM-dd HH:mm} UTC, commit {r.Commit})");
        b.AppendLine();
        b.AppendLine(inv, $"- Machine: {r.CpuModel}, {r.ProcessorCount} cores; API, PostgreSQL, Redis and the load on the same machine.");
        b.AppendLine(inv, $"- Data: {r.DataSet.GetValueOrDefault("users")} staff in {r.DataSet.GetValueOrDefault("queues")} queues, {r.DataSet.GetValueOrDefault("contacts")} contacts, {r.DataSet.GetValueOrDefault("conversations")} conversations, {r.DataSet.GetValueOrDefault("messages")} messages; database {r.DataSet.GetValueOrDefault("database_size")} (messages {r.DataSet.GetValueOrDefault("messages_size")}, search documents {r.DataSet.GetValueOrDefault("search_documents_size")}), data directory on disk {r.Disk}.");
        b.AppendLine(inv, $"- PostgreSQL {r.DataSet.GetValueOrDefault("postgres")}: jit={r.DataSet.GetValueOrDefault("jit")}, work_mem={r.DataSet.GetValueOrDefault("work_mem")}, shared_buffers={r.DataSet.GetValueOrDefault("shared_buffers")}.");
        b.AppendLine(inv, $"- Closed loop, {r.Seconds} s per block after {r.WarmupSeconds} s warm-up, {r.Repeats} repeats; every cell is the median over the repeats [min–max]. \"SQL\" is the bare SQL the request runs (captured from the server's log for one request, parameters inlined), over one pooled connection per user.");
        b.AppendLine();
        b.AppendLine("| endpoint | users | SQL p50 ms | API p50 ms | SQL p99 ms | API p99 ms | API req/s | API 5xx | API 4xx | target |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var endpoint in r.Endpoints)
        {
            foreach (var users in r.Users)
            {
                var api = endpoint.Runs.Where(x => x.System == "api" && x.Users == users).ToList();
                var sql = endpoint.Runs.Where(x => x.System == "sql" && x.Users == users).ToList();
                if (api.Count == 0)
                {
                    continue;
                }

                b.AppendLine(inv, $"| {endpoint.Name}: {endpoint.Description} | {users} | {Cell(sql, x => x.P50Ms)} | {Cell(api, x => x.P50Ms)} | {Cell(sql, x => x.P99Ms)} | {Cell(api, x => x.P99Ms)} | {Cell(api, x => x.Throughput)} | {api.Sum(x => x.Status5xx)} | {api.Sum(x => x.Status4xx)} | {Target(r, endpoint, users, api)} |");
            }
        }

        b.AppendLine();
        b.AppendLine(inv, $"Targets: lists, search and summary alone (1 user) p50 ≤ {AloneP50Ms} ms and p99 ≤ {AloneP99Ms} ms; at {r.Users.Max()} users no 5xx and a throughput ≥ 50% of messages-first's at the same users (the search of a common word is not held to the latency target: it is bounded by the search time budget instead). Dashboard views, at every user count: no 5xx, p99 ≤ {DashboardP99Ms} ms and ≤ {DashboardSqlRatio}× their bare SQL's p99.");
        if (r.DashboardCacheSeconds > 0)
        {
            b.AppendLine();
            b.AppendLine(inv, $"Dashboard views were served from the cache (`DASHBOARD_CACHE_SECONDS={r.DashboardCacheSeconds}`): after the capture's first request computed a view, every request read it from Redis, and the SQL captured is the rollups' version read alone, so the ratio to the bare SQL is not applied.");
        }

        b.AppendLine();
        b.AppendLine("## SQL per endpoint");
        foreach (var endpoint in r.Endpoints)
        {
            b.AppendLine();
            b.AppendLine(inv, $"`{endpoint.Name}`: GET {endpoint.Path}");
            b.AppendLine();
            b.AppendLine("```sql");
            foreach (var statement in endpoint.Sql)
            {
                b.AppendLine(statement.Trim() + ";");
            }

            b.AppendLine("```");
        }

        return b.ToString();
    }

    /// <summary>Dashboard views must answer within this p99, and within this multiple of their bare SQL's p99.</summary>
    private const double DashboardP99Ms = 50;
    private const double DashboardSqlRatio = 3;

    private static string Target(Report r, EndpointResult endpoint, int users, List<RunResult> api)
    {
        if (endpoint.Name.StartsWith("messages", StringComparison.Ordinal))
        {
            return "reference";
        }

        if (endpoint.Name.StartsWith("dashboard", StringComparison.Ordinal))
        {
            var sql = endpoint.Runs.Where(x => x.System == "sql" && x.Users == users).ToList();
            var p99 = Median(api, x => x.P99Ms);

            // A cached view's captured SQL is the rollups' version read alone: no floor for a view read from Redis.
            var withinSql = r.DashboardCacheSeconds > 0 || sql.Count == 0 || p99 <= DashboardSqlRatio * Median(sql, x => x.P99Ms);
            return api.Sum(x => x.Status5xx) == 0 && p99 <= DashboardP99Ms && withinSql ? "met" : "MISSED";
        }

        if (users == 1)
        {
            if (endpoint.Name == "search-admin-common")
            {
                return "bounded";
            }

            return Median(api, x => x.P50Ms) <= AloneP50Ms && Median(api, x => x.P99Ms) <= AloneP99Ms ? "met" : "MISSED";
        }

        var reference = r.Endpoints.FirstOrDefault(e => e.Name == "messages-first")?.Runs.Where(x => x.System == "api" && x.Users == users).ToList();
        var enough = reference is null || reference.Count == 0 || Median(api, x => x.Throughput) >= 0.5 * Median(reference, x => x.Throughput);
        return api.Sum(x => x.Status5xx) == 0 && enough ? "met" : "MISSED";
    }

    private static double Median(List<RunResult> runs, Func<RunResult, double> value)
    {
        var sorted = runs.Select(value).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Cell(List<RunResult> runs, Func<RunResult, double> value) =>
        runs.Count == 0
            ? "–"
            : string.Create(CultureInfo.InvariantCulture, $"{Median(runs, value):0.0} [{runs.Min(value):0.0}–{runs.Max(value):0.0}]");
}
