namespace WhatsSuite.Domain.Dashboards;

/// <summary>
/// The time grain of the dashboard rollups: 15 minutes of UTC. Every time zone in use today is offset from UTC by a
/// multiple of 15 minutes, so a local day (and a local hour) is always a whole number of buckets.
/// </summary>
public static class DashboardBuckets
{
    public static readonly TimeSpan Size = TimeSpan.FromMinutes(15);

    /// <summary>The start (UTC) of the bucket holding <paramref name="time"/>.</summary>
    public static DateTimeOffset Floor(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % Size.Ticks), TimeSpan.Zero);
    }

    /// <summary>The start (UTC) of the UTC day holding <paramref name="time"/>: the bucket of a <see cref="DailyMessageCountRollup"/>.</summary>
    public static DateTimeOffset FloorDay(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerDay), TimeSpan.Zero);
    }

    /// <summary>Whether <paramref name="time"/> is the start of a bucket.</summary>
    public static bool IsBoundary(DateTimeOffset time) => time.UtcTicks % Size.Ticks == 0;
}
