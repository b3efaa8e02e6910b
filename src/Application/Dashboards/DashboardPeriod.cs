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

    /// <summary>
    /// How the period's local days are made of UTC days (<see cref="DailyMessageCountRollup"/>) and 15-minute buckets
    /// (<see cref="MessageCountRollup"/>). Each UTC day is credited whole to its home: the local date of its noon. The
    /// buckets of that UTC day that belong to another local day (the hours between UTC and local midnight, one to
    /// twelve of them per day outside UTC) are moved: taken from the home and given to their own local date, each
    /// side only when it is a day of the period. A period in UTC moves nothing; in Europe/Madrid it moves one or two
    /// hours a day, in Asia/Kolkata five and a half.
    /// </summary>
    public DayPlan PlanDays()
    {
        var first = DashboardBuckets.FloorDay(StartUtc);
        var end = DashboardBuckets.FloorDay(EndUtc.AddTicks(-1)).AddDays(1);
        DateTimeOffset? firstCredited = null;
        DateTimeOffset? endCredited = null;
        var moves = new List<BucketMove>();
        for (var day = first; day < end; day = day.AddDays(1))
        {
            var home = HomeOf(day);
            var homeIn = Contains(home);
            if (homeIn)
            {
                firstCredited ??= day;
                endCredited = day.AddDays(1);
            }

            // Only the buckets before the home's first instant or from the next local day's first instant on lie
            // elsewhere.
            var homeStart = Max(StartOfDay(home, Zone), day);
            var nextStart = Min(StartOfDay(home.AddDays(1), Zone), day.AddDays(1));
            AddMoves(day, homeStart, home, homeIn, moves);
            AddMoves(nextStart, day.AddDays(1), home, homeIn, moves);
        }

        return new DayPlan(HomeOf, firstCredited ?? first, endCredited ?? first, moves);
    }

    /// <summary>The local day a UTC day is credited to (see <see cref="PlanDays"/>).</summary>
    public DateOnly HomeOf(DateTimeOffset utcDay) => LocalDate(utcDay.AddHours(12));

    private bool Contains(DateOnly day) => day >= From && day <= To;

    private void AddMoves(DateTimeOffset from, DateTimeOffset to, DateOnly home, bool homeIn, List<BucketMove> moves)
    {
        for (var bucket = from; bucket < to; bucket += DashboardBuckets.Size)
        {
            var local = LocalDate(bucket);
            var localIn = Contains(local);
            if (local != home && (homeIn || localIn))
            {
                moves.Add(new BucketMove(bucket, homeIn ? home : null, localIn ? local : null));
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

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

/// <summary>
/// The reads of a period by day (<see cref="DashboardPeriod.PlanDays"/>): the UTC days from <see cref="FirstDay"/> to
/// <see cref="EndDay"/> (exclusive) credited whole to their home, and the buckets moved from one local day to another.
/// </summary>
public sealed record DayPlan(Func<DateTimeOffset, DateOnly> HomeOf, DateTimeOffset FirstDay, DateTimeOffset EndDay, IReadOnlyList<BucketMove> Moves);

/// <summary>A 15-minute bucket whose messages are taken from one local day (<see cref="From"/>, null when that day is
/// not in the period) and given to another (<see cref="To"/>, likewise).</summary>
public sealed record BucketMove(DateTimeOffset Bucket, DateOnly? From, DateOnly? To);
