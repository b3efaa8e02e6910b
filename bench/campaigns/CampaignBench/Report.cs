using System.Globalization;
using System.Text;

namespace WhatsSuite.Bench.CampaignBench;

/// <summary>
/// One measured step: who sent (<c>whatssuite</c> or <c>baseline</c>), at what target rate, and what the fake Graph API
/// saw: the rate over every ten-second window that starts at a send (from the first send to the last full window), the
/// most sends in any one-second window, duplicates and lost recipients, the sender's CPU per 1,000 messages, and the
/// pauses between two sends longer than 100 ms (how many, their time together and the longest): a rate that falls short
/// through stalls shows there, one that falls short evenly does not.
/// </summary>
internal sealed record StepResult(
    string System,
    int Rate,
    int Expected,
    int Received,
    int Duplicates,
    int Lost,
    double DurationSeconds,
    double MinWindowRate,
    double MaxWindowRate,
    double WindowsWithin5PercentShare,
    int WindowsAboveTarget,
    int MaxInOneSecond,
    double CpuMsPer1000,
    int Pauses,
    double PausedSeconds,
    double LongestPauseMs)
{
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"  {System} at {Rate}/s: {Received} sends in {DurationSeconds:0.0} s; 10 s windows {MinWindowRate:0.0}–{MaxWindowRate:0.0}/s, {WindowsWithin5PercentShare:P1} within ±5 %, {WindowsAboveTarget} above; at most {MaxInOneSecond} in a second; {Duplicates} duplicates, {Lost} lost; {CpuMsPer1000:0.0} ms CPU per 1,000; {Pauses} pauses over {PauseMs} ms ({PausedSeconds:0.0} s, longest {LongestPauseMs:0} ms)");

    /// <summary>A gap between two consecutive sends longer than this counts as a pause.</summary>
    private const double PauseMs = 100;

    public static StepResult From(string system, int rate, IReadOnlyList<string> numbers, List<Send> sends, double cpuSeconds)
    {
        var times = sends.Select(s => s.At).Order().ToArray();
        var distinct = sends.Select(s => s.To).Distinct(StringComparer.Ordinal).Count();
        var expected = new HashSet<string>(numbers, StringComparer.Ordinal);
        var lost = expected.Count - sends.Select(s => s.To).Where(expected.Contains).Distinct(StringComparer.Ordinal).Count();

        // Windows [t_i, t_i + 10 s) from each send t_i while the window ends before the last send.
        var rates = new List<double>();
        for (int i = 0, j = 0; i < times.Length && times[i] + 10_000 <= times[^1]; i++)
        {
            while (j < times.Length && times[j] < times[i] + 10_000)
            {
                j++;
            }

            rates.Add((j - i) / 10.0);
        }

        var maxInSecond = 0;
        for (int i = 0, j = 0; i < times.Length; i++)
        {
            while (j < times.Length && times[j] < times[i] + 1_000)
            {
                j++;
            }

            maxInSecond = Math.Max(maxInSecond, j - i);
        }

        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).Where(g => g > PauseMs).ToList();

        return new StepResult(
            system,
            rate,
            numbers.Count,
            sends.Count,
            sends.Count - distinct,
            lost,
            times.Length > 1 ? (times[^1] - times[0]) / 1000 : 0,
            rates.Count > 0 ? rates.Min() : double.NaN,
            rates.Count > 0 ? rates.Max() : double.NaN,
            rates.Count > 0 ? rates.Count(r => Math.Abs(r - rate) <= rate * 0.05) / (double)rates.Count : double.NaN,
            rates.Count(r => r > rate),
            maxInSecond,
            sends.Count > 0 ? cpuSeconds * 1000 / sends.Count * 1000 : double.NaN,
            gaps.Count,
            gaps.Sum() / 1000,
            gaps.Count > 0 ? gaps.Max() : 0);
    }
}

/// <summary>The report: facts of the run, then one table row per step and the verdict per rate.</summary>
internal static class Report
{
    public static string Markdown(List<StepResult> steps, string factsFile, int recipients)
    {
        var md = new StringBuilder();
        md.AppendLine("# Campaign pacing benchmark");
        md.AppendLine();
        if (File.Exists(factsFile))
        {
            foreach (var line in File.ReadLines(factsFile))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {line.Replace("=", ": ", StringComparison.Ordinal)}");
            }

            md.AppendLine();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"{recipients:N0} recipients per step, one connection, against a fake Graph API on loopback that records when each send arrived.");
        md.AppendLine();
        md.AppendLine("| Sender | Target/s | Received | Duration (s) | 10 s windows (min–max /s) | Within ±5 % | Above target | Max in 1 s | Duplicates | Lost | CPU ms per 1,000 | Pauses over 100 ms (s, longest ms) |");
        md.AppendLine("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in steps)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.System} | {s.Rate} | {s.Received} | {s.DurationSeconds:0.0} | {s.MinWindowRate:0.0}–{s.MaxWindowRate:0.0} | {s.WindowsWithin5PercentShare:P1} | {s.WindowsAboveTarget} | {s.MaxInOneSecond} | {s.Duplicates} | {s.Lost} | {s.CpuMsPer1000:0.0} | {s.Pauses} ({s.PausedSeconds:0.0}, {s.LongestPauseMs:0}) |");
        }

        md.AppendLine();
        foreach (var s in steps.Where(s => s.System == "whatssuite"))
        {
            var pass = s.WindowsWithin5PercentShare >= 1 && s.WindowsAboveTarget == 0 && s.MaxInOneSecond <= s.Rate && s.Duplicates == 0 && s.Lost == 0;
            md.AppendLine(CultureInfo.InvariantCulture, $"- {s.Rate}/s: {(pass ? "PASS" : "FAIL")} (every 10 s window within ±5 % and none above, no second above the rate, 0 duplicates, 0 lost)");
        }

        md.AppendLine();
        md.AppendLine("Windows: `[t, t + 10 s)` starting at every send, from the first send to the last window that ends before the last send; a one-second window likewise. A pause: two consecutive sends more than 100 ms apart. CPU: WhatsSuite's whole process (`/proc/<pid>`, background work included) from its first send to its last; the baseline's, this driver process while its loop runs (the fake Graph API runs in a process of its own).");
        return md.ToString();
    }
}
