using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WhatsSuite.Bench.Media;

/// <summary>
/// Reads the run's files (per repetition <c>rN/</c>: <c>latency.acks</c>, <c>latency.avail</c>, and per size
/// <c>mem-SIZE.acks</c>, <c>mem-SIZE.avail</c>, <c>mem-SIZE.rss</c>, <c>copy-SIZE.sec</c>) and the facts file, and
/// writes the Markdown and JSON reports: per repetition, then medians with min–max across repetitions.
/// </summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(IReadOnlyDictionary<string, string> options)
    {
        var dir = options["dir"];
        var facts = File.ReadAllLines(options["facts"])
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var sizes = facts["sizes_mb"].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, Inv)).ToArray();
        var p99Target = double.Parse(facts["target_p99_ms"], Inv);
        var growthTarget = double.Parse(facts["target_rss_growth_mb"], Inv);
        var repetitions = Directory.GetDirectories(dir, "r*").OrderBy(d => d, StringComparer.Ordinal).ToArray();
        if (repetitions.Length == 0)
        {
            Console.Error.WriteLine($"no repetitions in {dir}");
            return 1;
        }

        var reps = repetitions.Select(r => ReadRepetition(r, sizes)).ToList();
        var md = new StringBuilder();
        md.AppendLine(Inv, $"# Media benchmark {facts["date_utc"]}");
        md.AppendLine();
        md.AppendLine(Inv, $"Commit {facts["commit"]}; {facts["nproc"]} CPUs ({facts["cpu_model"]}), {facts["memory"]}, {facts["kernel"]}; .NET {facts["dotnet"]}, PostgreSQL {facts["postgres"]}, Redis {facts["redis"]}.");
        md.AppendLine(Inv, $"Media store: local file system on {facts["disk"]}; encryption at rest {facts["encryption"]}. Load before each repetition (uptime): {facts["load"]}; machine busy with this run idle: {facts["busy_percent"]} %.");
        md.AppendLine(Inv, $"Latency step (after {facts["warmup"]} warm-up images): {facts["rate"]} images/s of {facts["latency_size_mb"]} MiB for {facts["duration"]} s per repetition; memory steps: {facts["files"]} files of each of {string.Join(", ", sizes.Select(s => s + " MiB"))}, one after another.");
        md.AppendLine();

        var latencyP50 = reps.Select(r => r.Latency.P50).ToList();
        var latencyP99 = reps.Select(r => r.Latency.P99).ToList();
        var firstSize = sizes[0];
        var lastSize = sizes[^1];
        var growth = reps.Select(r => r.Sizes[lastSize].PeakRssMb - r.Sizes[firstSize].PeakRssMb).ToList();
        var lastRatio = reps.Select(r => r.Sizes[lastSize].Ratio).ToList();
        var failed = reps.Sum(r => r.Latency.NotAvailable + r.Sizes.Values.Sum(s => s.NotAvailable));
        var p99Pass = Median(latencyP99) <= p99Target;
        var growthPass = Median(growth) <= growthTarget;

        md.AppendLine(Inv, $"## Summary ({reps.Count} repetitions: median (min–max))");
        md.AppendLine();
        md.AppendLine("| Figure | Median (min–max) | Target |");
        md.AppendLine("|---|---:|---|");
        md.AppendLine(Inv, $"| Download-to-available p50, {facts["latency_size_mb"]} MiB images at {facts["rate"]}/s | {Spread(latencyP50, "F0")} ms | |");
        md.AppendLine(Inv, $"| Download-to-available p99, {facts["latency_size_mb"]} MiB images at {facts["rate"]}/s | {Spread(latencyP99, "F0")} ms | ≤ {p99Target:F0} ms: {(p99Pass ? "PASS" : "FAIL")} |");
        md.AppendLine(Inv, $"| Peak RSS growth, {firstSize} MiB → {lastSize} MiB files | {Spread(growth, "F0")} MiB | ≤ {growthTarget:F0} MiB (flat): {(growthPass ? "PASS" : "FAIL")} |");
        md.AppendLine(Inv, $"| Download-to-available ÷ raw copy, {lastSize} MiB files | {Spread(lastRatio, "F1")} | reported |");
        md.AppendLine(Inv, $"| Media not available at the end (failed or quarantined) | {failed} | 0: {(failed == 0 ? "PASS" : "FAIL")} |");
        md.AppendLine();
        md.AppendLine("## By file size");
        md.AppendLine();
        md.AppendLine("| File size | Peak API RSS (MiB) | Download-to-available, median per file (ms) | Raw copy, median (ms) | Ratio |");
        md.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            md.AppendLine(Inv, $"| {size} MiB | {Spread(reps.Select(r => r.Sizes[size].PeakRssMb).ToList(), "F0")} | {Spread(reps.Select(r => r.Sizes[size].MedianMs).ToList(), "F0")} | {Spread(reps.Select(r => r.Sizes[size].CopyMs).ToList(), "F1")} | {Spread(reps.Select(r => r.Sizes[size].Ratio).ToList(), "F1")} |");
        }

        md.AppendLine();
        md.AppendLine("## Repetitions");
        md.AppendLine();
        md.AppendLine("| Repetition | Latency step: acknowledged / available | p50 / p99 / max (ms) | Peak RSS by size (MiB) |");
        md.AppendLine("|---|---:|---:|---|");
        for (var i = 0; i < reps.Count; i++)
        {
            var r = reps[i];
            md.AppendLine(Inv, $"| {i + 1} | {r.Latency.Acked} / {r.Latency.Available} | {r.Latency.P50:F0} / {r.Latency.P99:F0} / {r.Latency.Max:F0} | {string.Join(", ", sizes.Select(s => $"{s} MiB: {r.Sizes[s].PeakRssMb:F0}"))} |");
        }

        md.AppendLine();
        md.AppendLine("Download-to-available: from WhatsSuite's `200` to the webhook delivery until the message's media is `Available`");
        md.AppendLine("(`media_objects.created_at`): webhook processing, the download job's start, the Graph lookup, the download, the");
        md.AppendLine("checks, encryption and the write to the store, and the thumbnail. Raw copy: the same bytes copied from one file to");
        md.AppendLine("another on the same disk (`dd`, `conv=fsync`). Peak RSS: the API process's resident memory sampled every 100 ms");
        md.AppendLine("during each size's step.");
        File.WriteAllText(options["md"], md.ToString());

        var json = new Dictionary<string, object?>
        {
            ["facts"] = facts,
            ["p50_ms"] = Summary(latencyP50),
            ["p99_ms"] = Summary(latencyP99),
            ["p99_target_ms"] = p99Target,
            ["p99_pass"] = p99Pass,
            ["rss_growth_mb"] = Summary(growth),
            ["rss_growth_target_mb"] = growthTarget,
            ["rss_growth_pass"] = growthPass,
            ["not_available"] = failed,
            ["sizes"] = sizes.ToDictionary(
                s => s.ToString(Inv) + "MB",
                s => (object)new Dictionary<string, object>
                {
                    ["peak_rss_mb"] = Summary(reps.Select(r => r.Sizes[s].PeakRssMb).ToList()),
                    ["download_to_available_ms"] = Summary(reps.Select(r => r.Sizes[s].MedianMs).ToList()),
                    ["raw_copy_ms"] = Summary(reps.Select(r => r.Sizes[s].CopyMs).ToList()),
                    ["ratio"] = Summary(reps.Select(r => r.Sizes[s].Ratio).ToList()),
                }),
            ["repetitions"] = reps,
        };
        File.WriteAllText(options["json"], JsonSerializer.Serialize(json, Indented));
        Console.WriteLine(md.ToString());
        return 0;
    }

    private static Repetition ReadRepetition(string dir, int[] sizes)
    {
        var latency = Latencies(Path.Combine(dir, "latency.acks"), Path.Combine(dir, "latency.avail"));
        var bySize = new Dictionary<int, SizeFigures>();
        foreach (var size in sizes)
        {
            var files = Latencies(Path.Combine(dir, $"mem-{size}.acks"), Path.Combine(dir, $"mem-{size}.avail"));
            var rss = File.ReadLines(Path.Combine(dir, $"mem-{size}.rss")).Where(l => l.Length > 0).Select(l => double.Parse(l, Inv)).DefaultIfEmpty(0).Max() / 1024;
            var copies = File.ReadLines(Path.Combine(dir, $"copy-{size}.sec")).Where(l => l.Length > 0).Select(l => double.Parse(l, Inv) * 1000).ToList();
            var copy = Median(copies);
            bySize[size] = new SizeFigures(rss, files.P50, copy, copy > 0 ? files.P50 / copy : 0, files.Acked - files.Available);
        }

        return new Repetition(latency, bySize);
    }

    private static LatencyFigures Latencies(string acksFile, string availFile)
    {
        var acks = File.ReadLines(acksFile).Select(l => l.Split('\t')).Where(p => p.Length == 3 && p[2].StartsWith('2'))
            .ToDictionary(p => p[0], p => double.Parse(p[1], Inv), StringComparer.Ordinal);
        var available = File.ReadLines(availFile).Select(l => l.Split('\t')).Where(p => p.Length == 3 && p[1] == "Available" && p[2].Length > 0)
            .ToDictionary(p => p[0], p => double.Parse(p[2], Inv), StringComparer.Ordinal);
        var latencies = acks.Where(a => available.ContainsKey(a.Key)).Select(a => Math.Max(0, available[a.Key] - a.Value)).Order().ToList();
        return new LatencyFigures(acks.Count, latencies.Count, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Count == 0 ? 0 : latencies[^1]);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Spread(List<double> values, string format) =>
        values.Count == 1
            ? values[0].ToString(format, Inv)
            : $"**{Median(values).ToString(format, Inv)}** ({values.Min().ToString(format, Inv)}–{values.Max().ToString(format, Inv)})";

    private static Dictionary<string, double> Summary(List<double> values) => new()
    {
        ["median"] = Median(values),
        ["min"] = values.Count == 0 ? 0 : values.Min(),
        ["max"] = values.Count == 0 ? 0 : values.Max(),
    };

    internal sealed record LatencyFigures(int Acked, int Available, double P50, double P99, double Max)
    {
        public int NotAvailable => Acked - Available;
    }

    internal sealed record SizeFigures(double PeakRssMb, double MedianMs, double CopyMs, double Ratio, int NotAvailable);

    internal sealed record Repetition(LatencyFigures Latency, Dictionary<int, SizeFigures> Sizes);
}
