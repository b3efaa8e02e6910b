using System.Globalization;

namespace WhatsSuite.Bench.LoadGen;

/// <summary>Whole-machine CPU use from /proc/stat (Linux); null elsewhere.</summary>
internal static class MachineCpu
{
    public static (long Busy, long Total)? Read()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Take(8).Sum();
            return (total - idle, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    public static double? BusyPercent((long Busy, long Total)? before, (long Busy, long Total)? after)
    {
        if (before is not { } b || after is not { } a || a.Total <= b.Total)
        {
            return null;
        }

        return Math.Round(100.0 * (a.Busy - b.Busy) / (a.Total - b.Total), 1);
    }
}
