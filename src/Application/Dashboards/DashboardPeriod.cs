using WhatsSuite.Domain.Dashboards;

namespace WhatsSuite.Application.Dashboards;

/// <summary>
/// A range of whole local days in an IANA time zone (<see cref="From"/> and <see cref="To"/> inclusive) and the UTC
/// instants it covers: from the first instant of <see cref="From"/> to the first instant of the day after
/// <see cref="To"/>, so a day of a daylight-saving change is 23 or 25 hours long.
/// </summary>
public sealed record DashboardPeriod(DateOnly From, DateOnly To, TimeZoneInfo Zone)
{
    /// <summary>The default range: the last 7 days, today included.</summary>
    public const int DefaultDays = 7;

    /// <summary>The longest range one request may cover.</summary>
    public const int MaxDays = 366;

    public DateTimeOffset StartUtc => StartOfDay(From, Zone);

    public DateTimeOffset EndUtc => StartOfDay(To.AddDays(1), Zone);

    public string TimeZoneId => Zone.Id;

    /// <summary>The zone named <paramref name="id"/> when it is an IANA id this system knows (UTC when none is given).</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) && zone.HasIanaId && IsWholeQuarterHours(zone) ? zone : null;
    }

    /// <summary>The period of the request: the dates given, or the last <see cref="DefaultDays"/> days up to today in the zone.</summary>
    public static DashboardPeriod Resolve(DateOnly? from, DateOnly? to, string? timeZone, DateTimeOffset now)
    {
        var zone = FindZone(timeZone) ?? throw new ArgumentException("Unknown time zone.", nameof(timeZone));
        var last = to ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var first = from ?? last.AddDays(1 - DefaultDays);
        return new DashboardPeriod(first, last, zone);
    }

    /// <summary>The local date of an instant.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The local hour (0-23) of an instant.</summary>
    public int LocalHour(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).Hour;

    /// <summary>Every day of the period, in order.</summary>
    public IEnumerable<DateOnly> Days()
    {
        for (var day = From; day <= To; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>The first instant of a local day: midnight, or the end of the gap when the clocks jump at midnight.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>
    /// Every offset the zone has used since 1970 (the oldest data a dashboard covers) is a whole number of 15-minute
    /// buckets; local mean times of the 19th century (Kolkata's +05:53:28) do not count.
    /// </summary>
    private static bool IsWholeQuarterHours(TimeZoneInfo zone) =>
        zone.BaseUtcOffset.Ticks % DashboardBuckets.Size.Ticks == 0
        && zone.GetAdjustmentRules()
            .Where(r => r.DateEnd >= Since)
            .All(r => r.DaylightDelta.Ticks % DashboardBuckets.Size.Ticks == 0 && (zone.BaseUtcOffset + r.BaseUtcOffsetDelta).Ticks % DashboardBuckets.Size.Ticks == 0);

    private static readonly DateTime Since = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
}
