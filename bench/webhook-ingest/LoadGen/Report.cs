using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WhatsSuite.Bench.LoadGen;

/// <summary>
/// Turns one benchmark run (the step results, the inbox figures and the facts gathered by run.sh) into the
/// Markdown report and the raw JSON of bench/results, and prints the report.
/// </summary>
internal static class Report
{
    private const double RatioTarget = 0.5;
    private const double P99TargetMs = 50;
    private const double P99TargetRate = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var dir = Arg("dir");
        var factsPath = Arg("facts");
        var mdPath = Arg("md");
        var jsonPath = Arg("json");
        if (dir is null || factsPath is null || mdPath is null || jsonPath is null)
        {
            await Console.Error.WriteLineAsync("usage: LoadGen report --dir STEPS --facts FILE --md OUT.md --json OUT.json");
            return 2;
        }

        var facts = File.ReadAllLines(factsPath)
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var steps = Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal).Select(Step.Load).ToList();

        var baselineCeiling = steps.FirstOrDefault(s => s.System == "baseline" && s.Name == "ceiling");
        var suiteCeiling = steps.FirstOrDefault(s => s.System == "whatssuite" && s.Name == "ceiling");
        double? ratio = baselineCeiling is { AcksPerSecond: > 0 } && suiteCeiling is not null
            ? suiteCeiling.AcksPerSecond / baselineCeiling.AcksPerSecond
            : null;
        double? e2eRatio = baselineCeiling is { AcksPerSecond: > 0 } && suiteCeiling?.E2eMessagesPerSecond is { } e2e
            ? e2e / baselineCeiling.AcksPerSecond
            : null;
        var at1000 = steps.FirstOrDefault(s => s.System == "whatssuite" && s.OfferedRate == P99TargetRate);
        var check = facts.Where(f => f.Key.StartsWith("check_", StringComparison.Ordinal))
            .ToDictionary(f => f.Key["check_".Length..], f => long.Parse(f.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);

        var targets = new List<Target>
        {
            new(
                "Sustained ingestion >= 50% of the baseline's requests/s (closed-loop ceilings, acks/s)",
                ratio is { } r ? Invariant($"{suiteCeiling!.AcksPerSecond:0.0} / {baselineCeiling!.AcksPerSecond:0.0} = {r:0.00}") : "not measured",
                ratio is null ? "NOT MEASURED" : ratio >= RatioTarget ? "PASS" : "FAIL"),
            new(
                "p99 ack latency <= 50 ms at 1,000 messages/s offered, every request acknowledged",
                at1000 is null ? "not measured" : Invariant($"p99 {at1000.P99:0.00} ms, {at1000.Errors} errors, {at1000.AcksPerSecond:0.0} acks/s"),
                at1000 is null ? "NOT MEASURED" : at1000.P99 <= P99TargetMs && at1000.Errors == 0 ? "PASS" : "FAIL"),
            new(
                "After replaying every payload: zero lost, zero duplicated (and no inbox entry Failed)",
                check.Count == 0 ? "not measured" : Invariant($"{Get(check, "lost")} lost, {Get(check, "duplicated")} duplicated, {Get(check, "inbox_failed")} failed"),
                check.Count == 0 ? "NOT MEASURED" : Get(check, "lost") == 0 && Get(check, "duplicated") == 0 && Get(check, "inbox_failed") == 0 ? "PASS" : "FAIL"),
        };

        var md = Markdown(facts, steps, ratio, e2eRatio, targets, check, Path.GetFileName(jsonPath));
        await File.WriteAllTextAsync(mdPath, md);
        var json = new JsonObject
        {
            ["facts"] = new JsonObject(facts.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value)))),
            ["ratioWhatsSuiteToBaseline"] = ratio is { } x ? Math.Round(x, 3) : null,
            ["e2eRatioWhatsSuiteToBaseline"] = e2eRatio is { } y ? Math.Round(y, 3) : null,
            ["targets"] = new JsonArray(targets.Select(t => (JsonNode)new JsonObject { ["target"] = t.Text, ["measured"] = t.Measured, ["result"] = t.Result }).ToArray()),
            ["steps"] = new JsonArray(steps.Select(s => (JsonNode)s.ToJson()).ToArray()),
        };
        await File.WriteAllTextAsync(jsonPath, json.ToJsonString(RunResult.JsonOptions));
        Console.WriteLine(md);
        return 0;
    }

    private static long Get(Dictionary<string, long> check, string key) => check.TryGetValue(key, out var v) ? v : -1;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Markdown(
        Dictionary<string, string> facts, List<Step> steps, double? ratio, double? e2eRatio, List<Target> targets, Dictionary<string, long> check, string jsonName)
    {
        string F(string key) => facts.TryGetValue(key, out var v) ? v : "?";
        var sb = new StringBuilder();
        sb.AppendLine(Invariant($"# Webhook ingestion benchmark, {F("date_utc")}"));
        sb.AppendLine();
        sb.AppendLine("Produced by `bench/webhook-ingest/run.sh`; see `bench/README.md` for what is measured and how to read it.");
        sb.AppendLine();
        sb.AppendLine(Invariant($"- Machine: {F("nproc")} CPU ({F("cpu_model")}), {F("memory")} RAM, {F("kernel")}; load generator, API and databases share it"));
        sb.AppendLine(Invariant($"- Versions: .NET SDK {F("dotnet")}, PostgreSQL {F("postgres")} (fsync on), Redis {F("redis")}, WhatsSuite commit {F("commit")}"));
        sb.AppendLine(Invariant($"- Settings: {F("step_seconds")} s per step, offered rates {F("rates")} req/s, ceiling with {F("concurrency")} closed-loop workers, {F("contacts")} distinct senders, API {F("api_environment")} with LOG_LEVEL={F("api_log_level")}"));
        sb.AppendLine();
        sb.AppendLine("## Steps");
        sb.AppendLine();
        sb.AppendLine("| System | Step | Offered req/s | Requests | Acks/s | p50 ms | p90 ms | p99 ms | max ms | Errors | E2E msgs/s | Drain s | LoadGen CPU | Machine CPU |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in steps)
        {
            sb.AppendLine(Invariant(
                $"| {s.System} | {s.Name} | {(s.OfferedRate is { } o ? o.ToString("0", CultureInfo.InvariantCulture) : "max (closed loop)")} | {s.Requests} | {s.AcksPerSecond:0.0} | {s.P50:0.00} | {s.P90:0.00} | {s.P99:0.00} | {s.Max:0.00} | {s.Errors}{s.ErrorDetail} | {(s.E2eMessagesPerSecond is { } e ? e.ToString("0.0", CultureInfo.InvariantCulture) : "-")} | {(s.DrainSeconds is { } d ? d.ToString(CultureInfo.InvariantCulture) : "-")} | {s.LoadGenCpu:0}% | {(s.MachineCpu is { } m ? m.ToString("0", CultureInfo.InvariantCulture) + "%" : "-")} |"));
        }

        sb.AppendLine();
        sb.AppendLine("Acks/s: 2xx answers per second. Latency: of the 2xx answers; open-loop steps count from the scheduled send time. "
            + "E2E msgs/s: messages of the step stored in `messages` divided by (last `created_at` - the step's first request). "
            + "Drain s: wait after the step until no inbox entry was Pending. CPU: load generator as % of one core; machine busy % over the step.");
        sb.AppendLine();
        sb.AppendLine("## Ratio to the baseline (same run)");
        sb.AppendLine();
        sb.AppendLine(ratio is { } r
            ? Invariant($"- WhatsSuite ceiling acks/s / baseline ceiling requests/s = **{r:0.00}**")
            : "- WhatsSuite not measured in this run.");
        if (e2eRatio is { } e2r)
        {
            sb.AppendLine(Invariant($"- WhatsSuite ceiling end-to-end messages/s / baseline ceiling requests/s = {e2r:0.00}"));
        }

        sb.AppendLine();
        sb.AppendLine("## Targets");
        sb.AppendLine();
        sb.AppendLine("| Target | Measured | Result |");
        sb.AppendLine("|---|---|---|");
        foreach (var t in targets)
        {
            sb.AppendLine(Invariant($"| {t.Text} | {t.Measured} | **{t.Result}** |"));
        }

        sb.AppendLine();
        sb.AppendLine("## Loss and duplicate check");
        sb.AppendLine();
        if (check.Count == 0)
        {
            sb.AppendLine("Not run (WhatsSuite not measured).");
        }
        else
        {
            sb.AppendLine("After every step, every payload sent was replayed once more with the same body and signature; then, in SQL:");
            sb.AppendLine();
            sb.AppendLine("| Figure | Value |");
            sb.AppendLine("|---|---:|");
            foreach (var (key, text) in new[]
            {
                ("deliveries", "Deliveries (first sends + replay)"),
                ("sent_wamids", "Distinct wamids sent"),
                ("acked_wamids", "Distinct wamids acknowledged at least once"),
                ("stored_wamids", "Distinct sent wamids found in `messages`"),
                ("lost", "Lost (sent, not stored)"),
                ("lost_after_ack", "Lost after a 2xx acknowledgement"),
                ("duplicated", "Duplicated (wamid stored more than once)"),
                ("inbox_failed", "Inbox entries Failed"),
                ("inbox_pending", "Inbox entries still Pending"),
                ("inbox_entries", "Inbox entries in all"),
                ("conversations", "Conversations of the connection"),
                ("contacts", "Contacts"),
            })
            {
                sb.AppendLine(Invariant($"| {text} | {Get(check, key)} |"));
            }
        }

        sb.AppendLine();
        sb.AppendLine(Invariant($"Raw figures: `{jsonName}`."));
        return sb.ToString();
    }

    private sealed record Target(string Text, string Measured, string Result);

    private sealed class Step
    {
        public required string System { get; init; }

        public required string Name { get; init; }

        public required JsonNode Raw { get; init; }

        public double? OfferedRate { get; init; }

        public long Requests { get; init; }

        public long Errors { get; init; }

        public string ErrorDetail { get; init; } = string.Empty;

        public double AcksPerSecond { get; init; }

        public double P50 { get; init; }

        public double P90 { get; init; }

        public double P99 { get; init; }

        public double Max { get; init; }

        public double LoadGenCpu { get; init; }

        public double? MachineCpu { get; init; }

        public long? Stored { get; init; }

        public DateTimeOffset? LastStoredAt { get; init; }

        public double? E2eMessagesPerSecond { get; init; }

        public long? DrainSeconds { get; init; }

        public static Step Load(string path)
        {
            // NN-system-label.json, with NN-system-label.e2e beside it for WhatsSuite steps.
            var parts = Path.GetFileNameWithoutExtension(path).Split('-', 3);
            var raw = JsonNode.Parse(File.ReadAllText(path))!;
            var result = raw.Deserialize<RunResult>(RunResult.JsonOptions)!;
            long? stored = null;
            DateTimeOffset? last = null;
            double? e2e = null;
            long? drain = null;
            var e2ePath = Path.ChangeExtension(path, ".e2e");
            if (File.Exists(e2ePath))
            {
                var f = File.ReadAllText(e2ePath).Trim().Split('\t');
                stored = long.Parse(f[0], CultureInfo.InvariantCulture);
                var epoch = double.Parse(f[1], CultureInfo.InvariantCulture);
                drain = long.Parse(f[2], CultureInfo.InvariantCulture);
                if (stored > 0)
                {
                    last = DateTimeOffset.FromUnixTimeMilliseconds((long)(epoch * 1000));
                    var seconds = (last.Value - result.StartedAtUtc).TotalSeconds;
                    e2e = seconds > 0 ? Math.Round(stored.Value / seconds, 1) : null;
                }
            }

            var others = result.StatusCounts.Where(c => !c.Key.StartsWith('2')).Select(c => $"{c.Key}: {c.Value}").ToList();
            return new Step
            {
                System = parts.Length > 1 ? parts[1] : "?",
                Name = parts.Length > 2 ? parts[2] : "?",
                Raw = raw,
                OfferedRate = result.OfferedRate,
                Requests = result.Requests,
                Errors = result.Errors,
                ErrorDetail = others.Count == 0 ? string.Empty : " (" + string.Join(", ", others) + ")",
                AcksPerSecond = result.AcksPerSecond,
                P50 = result.LatencyMs.P50,
                P90 = result.LatencyMs.P90,
                P99 = result.LatencyMs.P99,
                Max = result.LatencyMs.Max,
                LoadGenCpu = result.LoadGenCpuPercentOfOneCore,
                MachineCpu = result.MachineCpuBusyPercent,
                Stored = stored,
                LastStoredAt = last,
                E2eMessagesPerSecond = e2e,
                DrainSeconds = drain,
            };
        }

        public JsonObject ToJson() => new()
        {
            ["system"] = System,
            ["step"] = Name,
            ["result"] = Raw.DeepClone(),
            ["storedMessages"] = Stored,
            ["lastStoredAtUtc"] = LastStoredAt,
            ["e2eMessagesPerSecond"] = E2eMessagesPerSecond,
            ["drainSeconds"] = DrainSeconds,
        };
    }
}
