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
    private const double RatioTarget = 0.6;
    private const double E2eRatioTarget = 0.5;
    private const double P99TargetMs = 50;
    private const double P99BaselineFactor = 3;
    private const double P99TargetRate = 1000;
    private const double DrainTargetSeconds = 2;

    // The machine counts as busy (figures of this run unreliable) when, with this run idle, it was this busy, ...
    private const double QuietBusyPercent = 25;

    // ... when the baseline's repeated ceilings spread by more than this share of their median, ...
    private const double BaselineSpreadLimit = 0.15;

    // ... or when the baseline itself answers 1,000 requests/s with a p99 above this.
    private const double BaselineP99LimitMs = 25;

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

        var check = facts.Where(f => f.Key.StartsWith("check_", StringComparison.Ordinal))
            .ToDictionary(f => f.Key["check_".Length..], f => long.Parse(f.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);

        // Ratios per repetition (baseline and WhatsSuite of the same repetition ran back to back), then their median.
        var runs = steps.Select(st => st.Run).Distinct().Order().ToList();
        Step? Of(string system, string name, int run) => steps.FirstOrDefault(st => st.System == system && st.Name == name && st.Run == run);
        var ratios = new List<double>();
        var e2eRatios = new List<double>();
        foreach (var run in runs)
        {
            if (Of("baseline", "ceiling", run) is { AcksPerSecond: > 0 } b && Of("whatssuite", "ceiling", run) is { } w)
            {
                ratios.Add(w.AcksPerSecond / b.AcksPerSecond);
                if (w.E2eMessagesPerSecond is { } e)
                {
                    e2eRatios.Add(e / b.AcksPerSecond);
                }
            }
        }

        var ratio = Stat.Of(ratios);
        var e2eRatio = Stat.Of(e2eRatios);
        var rateName = Invariant($"rate-{P99TargetRate:0}");
        var suiteP99 = Stat.Of(steps.Where(st => st.System == "whatssuite" && st.Name == rateName).Select(st => st.P99));
        var baseP99 = Stat.Of(steps.Where(st => st.System == "baseline" && st.Name == rateName).Select(st => st.P99));
        var suiteErrors = steps.Where(st => st.System == "whatssuite" && st.Name == rateName).Sum(st => st.Errors);
        var drain = Stat.Of(steps.Where(st => st.System == "whatssuite" && st.Name == rateName && st.DrainSeconds is not null).Select(st => (double)st.DrainSeconds!.Value));
        var suiteE2eAtRate = Stat.Of(steps.Where(st => st.System == "whatssuite" && st.Name == rateName && st.E2eMessagesPerSecond is not null).Select(st => st.E2eMessagesPerSecond!.Value));

        var targets = new List<Target>
        {
            new(
                Invariant($"Acknowledgement ceiling >= {RatioTarget:0.0} of the baseline's (closed-loop ceilings, acks/s; median of the repetitions' ratios)"),
                ratio is { } r ? Invariant($"{r}") : "not measured",
                ratio is null ? "NOT MEASURED" : ratio.Median >= RatioTarget ? "PASS" : "FAIL"),
            new(
                Invariant($"End-to-end processing at the ceiling >= {E2eRatioTarget:0.0} of the baseline's requests/s (median)"),
                e2eRatio is { } er ? Invariant($"{er}") : "not measured",
                e2eRatio is null ? "NOT MEASURED" : e2eRatio.Median >= E2eRatioTarget ? "PASS" : "FAIL"),
            new(
                Invariant($"p99 ack latency <= {P99TargetMs:0} ms and <= {P99BaselineFactor:0}x the baseline's p99 at 1,000 messages/s offered (medians), every request acknowledged"),
                suiteP99 is null || baseP99 is null ? "not measured" : Invariant($"p99 {suiteP99} ms vs baseline {baseP99} ms, {suiteErrors} errors"),
                suiteP99 is null || baseP99 is null ? "NOT MEASURED"
                    : suiteP99.Median <= P99TargetMs && suiteP99.Median <= P99BaselineFactor * baseP99.Median && suiteErrors == 0 ? "PASS" : "FAIL"),
            new(
                Invariant($"Processing keeps up at 1,000 messages/s: the inbox is drained within {DrainTargetSeconds:0} s of the step's end (median)"),
                drain is null ? "not measured" : Invariant($"drain {drain} s; end-to-end {suiteE2eAtRate} msgs/s"),
                drain is null ? "NOT MEASURED" : drain.Median <= DrainTargetSeconds ? "PASS" : "FAIL"),
            new(
                "After replaying every payload: zero lost, zero duplicated (and no inbox entry Failed)",
                check.Count == 0 ? "not measured" : Invariant($"{Get(check, "lost")} lost, {Get(check, "duplicated")} duplicated, {Get(check, "inbox_failed")} failed"),
                check.Count == 0 ? "NOT MEASURED" : Get(check, "lost") == 0 && Get(check, "duplicated") == 0 && Get(check, "inbox_failed") == 0 ? "PASS" : "FAIL"),
        };

        var warnings = BusyWarnings(facts, steps, rateName);
        foreach (var warning in warnings)
        {
            await Console.Error.WriteLineAsync("WARNING: " + warning);
        }

        var md = Markdown(facts, steps, ratio, e2eRatio, targets, check, warnings, Path.GetFileName(jsonPath));
        await File.WriteAllTextAsync(mdPath, md);
        var json = new JsonObject
        {
            ["facts"] = new JsonObject(facts.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value)))),
            ["ratioWhatsSuiteToBaseline"] = ratio?.ToJson(),
            ["e2eRatioWhatsSuiteToBaseline"] = e2eRatio?.ToJson(),
            ["busyMachineWarnings"] = new JsonArray(warnings.Select(w => (JsonNode)JsonValue.Create(w)).ToArray()),
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
        Dictionary<string, string> facts, List<Step> steps, Stat? ratio, Stat? e2eRatio, List<Target> targets, Dictionary<string, long> check, List<string> warnings, string jsonName)
    {
        string F(string key) => facts.TryGetValue(key, out var v) ? v : "?";
        var sb = new StringBuilder();
        sb.AppendLine(Invariant($"# Webhook ingestion benchmark, {F("date_utc")}"));
        sb.AppendLine();
        sb.AppendLine("Produced by `bench/webhook-ingest/run.sh`; see `bench/README.md` for what is measured and how to read it.");
        sb.AppendLine();
        sb.AppendLine(Invariant($"- Machine: {F("nproc")} CPU ({F("cpu_model")}), {F("memory")} RAM, {F("kernel")}; load generator, API and databases share it"));
        sb.AppendLine(Invariant($"- Versions: .NET SDK {F("dotnet")}, PostgreSQL {F("postgres")} (fsync on), Redis {F("redis")}, WhatsSuite commit {F("commit")}"));
        sb.AppendLine(Invariant($"- Settings: {F("repeats")} repetitions of {F("step_seconds")} s per step after a {F("warmup_seconds")} s warm-up, offered rates {F("rates")} req/s, ceiling with {F("concurrency")} closed-loop workers, {F("contacts")} distinct senders, API {F("api_environment")} with LOG_LEVEL={F("api_log_level")}{(facts.TryGetValue("api_settings", out var inherited) && inherited.Length > 0 ? $" and {inherited}" : string.Empty)}"));
        sb.AppendLine(Invariant($"- Machine busy % before each repetition, with this run idle: {F("quiet_busy_percent")}"));
        sb.AppendLine();
        foreach (var warning in warnings)
        {
            sb.AppendLine(Invariant($"> **WARNING: {warning}**"));
            sb.AppendLine();
        }

        sb.AppendLine("## Medians of the repetitions");
        sb.AppendLine();
        sb.AppendLine("| System | Step | Runs | Acks/s median (min-max) | p99 ms median (min-max) | E2E msgs/s median (min-max) | Drain s median |");
        sb.AppendLine("|---|---|---:|---|---|---|---:|");
        foreach (var group in steps.GroupBy(st => (st.System, st.Name)))
        {
            var acks = Stat.Of(group.Select(st => st.AcksPerSecond))!;
            var p99 = Stat.Of(group.Select(st => st.P99))!;
            var e2e = Stat.Of(group.Where(st => st.E2eMessagesPerSecond is not null).Select(st => st.E2eMessagesPerSecond!.Value));
            var drain = Stat.Of(group.Where(st => st.DrainSeconds is not null).Select(st => (double)st.DrainSeconds!.Value));
            sb.AppendLine(Invariant($"| {group.Key.System} | {group.Key.Name} | {group.Count()} | {acks.Format("0.0")} | {p99.Format("0.00")} | {(e2e is null ? "-" : e2e.Format("0.0"))} | {(drain is null ? "-" : drain.Median.ToString("0", CultureInfo.InvariantCulture))} |"));
        }

        sb.AppendLine();
        sb.AppendLine("## Every step");
        sb.AppendLine();
        sb.AppendLine("| System | Step | Offered req/s | Requests | Acks/s | p50 ms | p90 ms | p99 ms | max ms | Errors | E2E msgs/s | Drain s | LoadGen CPU | Machine CPU |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in steps)
        {
            sb.AppendLine(Invariant(
                $"| {s.System} | {s.Name} #{s.Run} | {(s.OfferedRate is { } o ? o.ToString("0", CultureInfo.InvariantCulture) : "max (closed loop)")} | {s.Requests} | {s.AcksPerSecond:0.0} | {s.P50:0.00} | {s.P90:0.00} | {s.P99:0.00} | {s.Max:0.00} | {s.Errors}{s.ErrorDetail} | {(s.E2eMessagesPerSecond is { } e ? e.ToString("0.0", CultureInfo.InvariantCulture) : "-")} | {(s.DrainSeconds is { } d ? d.ToString(CultureInfo.InvariantCulture) : "-")} | {s.LoadGenCpu:0}% | {(s.MachineCpu is { } m ? m.ToString("0", CultureInfo.InvariantCulture) + "%" : "-")} |"));
        }

        sb.AppendLine();
        sb.AppendLine("Acks/s: 2xx answers per second. Latency: of the 2xx answers; open-loop steps count from the scheduled send time. "
            + "E2E msgs/s: messages of the step stored in `messages` divided by (last `created_at` - the step's first request). "
            + "Drain s: wait after the step until no inbox entry was Pending. CPU: load generator as % of one core; machine busy % over the step.");
        sb.AppendLine();
        sb.AppendLine("## Ratio to the baseline (same repetition; median and min-max of the repetitions)");
        sb.AppendLine();
        sb.AppendLine(ratio is { } r
            ? Invariant($"- WhatsSuite ceiling acks/s / baseline ceiling requests/s = **{r.Median:0.00}** ({r.Min:0.00}-{r.Max:0.00}, {r.Count} runs)")
            : "- WhatsSuite not measured in this run.");
        if (e2eRatio is { } e2r)
        {
            sb.AppendLine(Invariant($"- WhatsSuite ceiling end-to-end messages/s / baseline ceiling requests/s = **{e2r.Median:0.00}** ({e2r.Min:0.00}-{e2r.Max:0.00})"));
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

    /// <summary>Signs, in this run's own figures, that something else was using the machine.</summary>
    private static List<string> BusyWarnings(Dictionary<string, string> facts, List<Step> steps, string rateName)
    {
        var warnings = new List<string>();
        if (facts.TryGetValue("quiet_busy_percent", out var quiet))
        {
            var busiest = quiet.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
            if (busiest > QuietBusyPercent)
            {
                warnings.Add(Invariant($"the machine was {busiest:0}% busy before a repetition while this run was idle: other work shared the CPUs."));
            }
        }

        if (Stat.Of(steps.Where(st => st.System == "baseline" && st.Name == "ceiling").Select(st => st.AcksPerSecond)) is { Count: > 1 } ceilings
            && (ceilings.Max - ceilings.Min) / ceilings.Median > BaselineSpreadLimit)
        {
            warnings.Add(Invariant($"the baseline's ceilings spread by {(ceilings.Max - ceilings.Min) / ceilings.Median:P0} of their median ({ceilings.Min:0}-{ceilings.Max:0} req/s): the machine's capacity changed during the run."));
        }

        if (Stat.Of(steps.Where(st => st.System == "baseline" && st.Name == rateName).Select(st => st.P99)) is { } baseP99 && baseP99.Median > BaselineP99LimitMs)
        {
            warnings.Add(Invariant($"the baseline itself answered with a p99 of {baseP99.Median:0.0} ms at {rateName} (a quiet 2-core machine: about 10 ms)."));
        }

        if (warnings.Count > 0)
        {
            warnings.Add("The machine was busy: ratios are still comparable within this run, absolute figures are not; re-run on a quiet machine before quoting them.");
        }

        return warnings;
    }

    /// <summary>Median and range of a step's repetitions.</summary>
    private sealed record Stat(double Median, double Min, double Max, int Count)
    {
        public static Stat? Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            if (sorted.Count == 0)
            {
                return null;
            }

            var mid = sorted.Count / 2;
            var median = sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
            return new Stat(median, sorted[0], sorted[^1], sorted.Count);
        }

        public string Format(string format) =>
            Count == 1 ? Median.ToString(format, CultureInfo.InvariantCulture)
                : $"{Median.ToString(format, CultureInfo.InvariantCulture)} ({Min.ToString(format, CultureInfo.InvariantCulture)}-{Max.ToString(format, CultureInfo.InvariantCulture)})";

        public override string ToString() => Format("0.00");

        public JsonObject ToJson() => new() { ["median"] = Math.Round(Median, 3), ["min"] = Math.Round(Min, 3), ["max"] = Math.Round(Max, 3), ["runs"] = Count };
    }

    private sealed class Step
    {
        public required string System { get; init; }

        public required string Name { get; init; }

        public int Run { get; init; } = 1;

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
            // LABEL is STEP.rN: step STEP of repetition N.
            var label = parts.Length > 2 ? parts[2] : "?";
            var marker = label.LastIndexOf(".r", StringComparison.Ordinal);
            var run = marker > 0 && int.TryParse(label.AsSpan(marker + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
            return new Step
            {
                System = parts.Length > 1 ? parts[1] : "?",
                Name = marker > 0 ? label[..marker] : label,
                Run = run,
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
            ["run"] = Run,
            ["result"] = Raw.DeepClone(),
            ["storedMessages"] = Stored,
            ["lastStoredAtUtc"] = LastStoredAt,
            ["e2eMessagesPerSecond"] = E2eMessagesPerSecond,
            ["drainSeconds"] = DrainSeconds,
        };
    }
}
