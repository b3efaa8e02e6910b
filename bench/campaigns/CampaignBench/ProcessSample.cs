using System.Globalization;

namespace WhatsSuite.Bench.CampaignBench;

/// <summary>CPU time and resident memory of a process (Linux /proc), and the whole machine's busy time.</summary>
internal readonly record struct ProcessSample(double CpuSeconds, long RssBytes, long MachineBusy, long MachineTotal, long Ticks)
{
    private static readonly double ClockTicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessSample Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        long rss = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = machine[3] + machine[4];
        var total = machine.Take(8).Sum();
        return new ProcessSample(cpu, rss, total - idle, total, System.Diagnostics.Stopwatch.GetTimestamp());
    }

    /// <summary>The process's CPU use between two samples, in percent of one core.</summary>
    public static double CpuPercent(ProcessSample before, ProcessSample after)
    {
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(before.Ticks, after.Ticks).TotalSeconds;
        return seconds <= 0 ? 0 : 100 * (after.CpuSeconds - before.CpuSeconds) / seconds;
    }

    /// <summary>The whole machine's busy share between two samples, in percent of all cores.</summary>
    public static double MachineBusyPercent(ProcessSample before, ProcessSample after) =>
        after.MachineTotal <= before.MachineTotal ? 0 : 100.0 * (after.MachineBusy - before.MachineBusy) / (after.MachineTotal - before.MachineTotal);
}
