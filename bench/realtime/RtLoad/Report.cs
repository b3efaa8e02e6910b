using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WhatsSuite.Bench.RtLoad;

/// <summary>
/// The report of a run: every measured part of both systems, medians with min–max over the repetitions, WhatsSuite's
/// p99 against the bare hub's of the same repetition, and the targets (p99 ≤ 250 ms and ≤ 3× the bare hub's, 0 lost).
/// </summary>
internal static class Report
{
    public const double P99TargetMs = 250;
    public const double RatioTarget = 3;

    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(Args args)
    {
        var steps = Directory.GetFiles(args.Text("dir"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<StepResult>(File.ReadAllText(f), Json)!)
            .ToList();
        var facts = File.ReadAllLines(args.Text("facts")).Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var bare = steps.Where(s => s.System == "bare").ToList();
        var suite = steps.Where(s => s.System == "whatssuite").ToList();
        var ratios = suite.Select(s => (s, b: bare.FirstOrDefault(b => Repetition(b.Label) == Repetition(s.Label))))
            .Where(p => p.b?.P99Ms is > 0 && p.s.P99Ms is not null)
            .Select(p => p.s.P99Ms!.Value / p.b!.P99Ms!.Value)
            .ToList();

        var suiteP99 = Median(suite.Select(s => s.P99Ms));
        var ratio = Median(ratios.Select(r => (double?)r));
        var lost = suite.Sum(s => s.Lost) + bare.Sum(s => s.Lost);
        var unexpected = suite.Sum(s => s.Unexpected) + bare.Sum(s => s.Unexpected);
        var summary = new
        {
            whatssuiteP99Ms = suiteP99,
            bareP99Ms = Median(bare.Select(s => s.P99Ms)),
            p99Ratio = ratio,
            whatssuiteLost = suite.Sum(s => s.Lost),
            bareLost = bare.Sum(s => s.Lost),
            unexpected,
            p99Pass = suiteP99 is { } p && p <= P99TargetMs,
            ratioPass = ratio is { } r && r <= RatioTarget,
            lostPass = lost == 0 && unexpected == 0 && suite.Count > 0,
        };

        await File.WriteAllTextAsync(args.Text("json"), JsonSerializer.Serialize(new { facts, summary, steps }, Json));

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Real-time desk benchmark, {facts.GetValueOrDefault("date_utc")}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`bench/realtime/run.sh` at commit {facts.GetValueOrDefault("commit")}: {facts.GetValueOrDefault("clients")} desk clients (WebSockets, the .NET SignalR client) spread over {facts.GetValueOrDefault("queues")} queues, signed webhooks at {facts.GetValueOrDefault("rate")}/s for {facts.GetValueOrDefault("duration")} s, {facts.GetValueOrDefault("repeats")} repetition(s), each the bare hub, then WhatsSuite, after {facts.GetValueOrDefault("settle", "0")} s of the same load on each (not measured) and {facts.GetValueOrDefault("warmup")} s before each step.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {facts.GetValueOrDefault("nproc")} cores ({facts.GetValueOrDefault("cpu_model")}), {facts.GetValueOrDefault("memory")}, {facts.GetValueOrDefault("kernel")}; .NET {facts.GetValueOrDefault("dotnet")}, PostgreSQL {facts.GetValueOrDefault("postgres")}, Redis {facts.GetValueOrDefault("redis")}. Machine busy before each repetition, with this run idle: {facts.GetValueOrDefault("quiet_busy_percent")} %.");
        md.AppendLine();
        md.AppendLine("| Figure | WhatsSuite, median (min–max) | Bare hub, median (min–max) | Target |");
        md.AppendLine("|---|---:|---:|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| p99 acknowledgement → event (ms) | {Spread(suite, s => s.P99Ms)} | {Spread(bare, s => s.P99Ms)} | ≤ {P99TargetMs} ms: {Verdict(summary.p99Pass)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| p99 WhatsSuite ÷ bare hub (same repetition) | {Spread(ratios.Select(r => (double?)r).ToList())} | | ≤ {RatioTarget}×: {Verdict(summary.ratioPass)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| p50 (ms) | {Spread(suite, s => s.P50Ms)} | {Spread(bare, s => s.P50Ms)} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| max (ms) | {Spread(suite, s => s.MaxMs)} | {Spread(bare, s => s.MaxMs)} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Events lost (all repetitions) / received by the wrong client | {summary.whatssuiteLost} / {suite.Sum(s => s.Unexpected)} | {summary.bareLost} / {bare.Sum(s => s.Unexpected)} | 0: {Verdict(summary.lostPass)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Server memory per 100 connections (MiB) | {Spread(suite, s => s.MemoryPer100ConnectionsMiB)} | {Spread(bare, s => s.MemoryPer100ConnectionsMiB)} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Server CPU per 100 connections, idle (% of a core) | {Spread(suite, s => s.IdleCpuPer100ConnectionsPercent)} | {Spread(bare, s => s.IdleCpuPer100ConnectionsPercent)} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Server CPU per 100 connections, under load (% of a core) | {Spread(suite, s => s.LoadCpuPer100ConnectionsPercent)} | {Spread(bare, s => s.LoadCpuPer100ConnectionsPercent)} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Server CPU under load (% of a core) | {Spread(suite, s => s.LoadCpuPercent)} | {Spread(bare, s => s.LoadCpuPercent)} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Machine busy under load (% of all cores) | {Spread(suite, s => s.MachineBusyPercent)} | {Spread(bare, s => s.MachineBusyPercent)} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Seconds to connect every client | {Spread(suite, s => s.ConnectSeconds)} | {Spread(bare, s => s.ConnectSeconds)} | |");
        md.AppendLine();
        md.AppendLine("Every part:");
        md.AppendLine();
        md.AppendLine("| System | Part | Acked/sent | Expected receipts | Lost | p50 | p99 | max | Drain s | RSS before → connected → load (MiB) | Events by type |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var s in steps)
        {
            var types = string.Join(", ", s.EventsByType.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {s.System} | {s.Label} | {s.Acked}/{s.Sent} | {s.Expected} | {s.Lost} | {s.P50Ms} | {s.P99Ms} | {s.MaxMs} | {s.DrainSeconds} | {s.ServerRssBeforeMiB} → {s.ServerRssConnectedMiB} → {s.ServerRssLoadMiB} | {types} |");
        }

        md.AppendLine();
        md.AppendLine("Latency: from the load generator receiving a webhook's `200` to the same process receiving its `message.new` on a client, for every client that may see the conversation (the agents of its queue). Lost: such a receipt missing after the drain wait. CPU and memory: the server process (`/proc/<pid>`), memory as the growth of its resident set while the last nine tenths of the clients connect (the first tenth connects before, so one-time costs are left out), per 100 of them; idle CPU is the whole process's (background jobs included) over 3 s with every client connected, per 100 connections. The other system idles while one is measured.");
        await File.WriteAllTextAsync(args.Text("md"), md.ToString());
        Console.WriteLine($"p99 {suiteP99} ms (target {P99TargetMs}): {Verdict(summary.p99Pass)}; ratio {ratio:F2} (target {RatioTarget}): {Verdict(summary.ratioPass)}; lost {lost}, unexpected {unexpected}: {Verdict(summary.lostPass)}");
        return 0;
    }

    private static string Repetition(string label) => label[(label.LastIndexOf('.') + 1)..];

    private static string Verdict(bool pass) => pass ? "PASS" : "FAIL";

    private static string Spread(List<StepResult> steps, Func<StepResult, double?> figure) => Spread(steps.Select(figure).ToList());

    private static string Spread(List<double?> values)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value).Order().ToList();
        if (present.Count == 0)
        {
            return "–";
        }

        var median = Median(present.Select(v => (double?)v))!.Value;
        return present.Count == 1
            ? median.ToString("0.##", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"**{median:0.##}** ({present[0]:0.##}–{present[^1]:0.##})");
    }

    private static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.Where(v => v is not null).Select(v => v!.Value).Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
