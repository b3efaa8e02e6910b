namespace WhatsSuite.Domain.Queues;

/// <summary>
/// A queue's opening hours: weekly ranges of local time (several per day) in an IANA time zone, and holidays
/// (local dates that are closed, or open only in their own ranges). Times are minutes from local midnight; a range
/// ends before it starts the next day (24:00 is 1440), so a night shift is two ranges on two days. Immutable.
/// </summary>
public sealed class BusinessHours
{
    public const int MaxTimeZoneLength = 64;
    public const int MaxRangesPerDay = 6;
    public const int MaxHolidays = 100;
    public const int MaxHolidayNameLength = 80;
    public const int MinutesPerDay = 24 * 60;
    public const int MaxOutOfHoursReplyLength = 1024;

    /// <summary>How far ahead (and back) the next opening (and the last closing) are looked for: a little over a year.</summary>
    public const int MaxSearchDays = 400;

    private BusinessHours(TimeZoneInfo zone, IReadOnlyList<WeeklyRange> weekly, IReadOnlyList<Holiday> holidays, string? outOfHoursReply, OutOfHoursTemplate? outOfHoursTemplate)
    {
        Zone = zone;
        Weekly = weekly;
        Holidays = holidays;
        OutOfHoursReply = outOfHoursReply;
        OutOfHoursTemplate = outOfHoursTemplate;
    }

    /// <summary>The IANA id of the zone the ranges are read in (for example <c>Europe/Madrid</c>).</summary>
    public string TimeZoneId => Zone.Id;

    public TimeZoneInfo Zone { get; }

    /// <summary>The weekly ranges, by day then start.</summary>
    public IReadOnlyList<WeeklyRange> Weekly { get; }

    /// <summary>The holidays, by date.</summary>
    public IReadOnlyList<Holiday> Holidays { get; }

    /// <summary>The text sent once per closed period to a customer who writes while the queue is closed; null: none.</summary>
    public string? OutOfHoursReply { get; }

    /// <summary>The approved template sent instead of a text (one or the other); null: none.</summary>
    public OutOfHoursTemplate? OutOfHoursTemplate { get; }

    /// <summary>A customer who writes while the queue is closed gets a reply (a text or a template).</summary>
    public bool HasOutOfHoursReply => OutOfHoursReply is not null || OutOfHoursTemplate is not null;

    /// <summary>The zone of an IANA id, or null when the id is not a known IANA zone (Windows ids are refused too).</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxTimeZoneLength || id.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId && string.Equals(zone.Id, id, StringComparison.Ordinal)
            ? zone
            : null;
    }

    /// <summary>The problems of a set of hours (empty when valid): the rules <see cref="Create"/> enforces.</summary>
    public static IReadOnlyList<string> Problems(string? timeZoneId, IReadOnlyList<WeeklyRange> weekly, IReadOnlyList<Holiday> holidays, string? outOfHoursReply = null, OutOfHoursTemplate? outOfHoursTemplate = null)
    {
        ArgumentNullException.ThrowIfNull(weekly);
        ArgumentNullException.ThrowIfNull(holidays);
        var problems = new List<string>();
        if (FindZone(timeZoneId) is null)
        {
            problems.Add("timeZone must be an IANA time zone id, for example Europe/Madrid.");
        }

        foreach (var day in weekly.GroupBy(r => r.Day))
        {
            if (!Enum.IsDefined(day.Key))
            {
                problems.Add("weekly: unknown day.");
                continue;
            }

            CheckRanges($"weekly {day.Key}", day.Select(r => r.Range).ToList(), problems);
        }

        if (outOfHoursReply is not null && (outOfHoursReply.Trim().Length == 0 || !Common.TextLimit.Fits(outOfHoursReply, MaxOutOfHoursReplyLength)))
        {
            problems.Add($"outOfHoursReply: not blank, at most {MaxOutOfHoursReplyLength} characters.");
        }

        if (outOfHoursTemplate is not null)
        {
            if (outOfHoursReply is not null)
            {
                problems.Add("outOfHoursReply and outOfHoursTemplate: one or the other.");
            }

            problems.AddRange(outOfHoursTemplate.Problems());
        }

        if (holidays.Count > MaxHolidays)
        {
            problems.Add($"holidays: at most {MaxHolidays}.");
        }

        if (holidays.GroupBy(h => h.Date).Any(g => g.Count() > 1))
        {
            problems.Add("holidays: each date at most once.");
        }

        foreach (var holiday in holidays)
        {
            if (!Common.TextLimit.Fits(holiday.Name, MaxHolidayNameLength))
            {
                problems.Add($"holiday {holiday.Date:yyyy-MM-dd}: name at most {MaxHolidayNameLength} characters.");
            }

            CheckRanges($"holiday {holiday.Date:yyyy-MM-dd}", holiday.Hours, problems);
        }

        return problems;
    }

    /// <summary>Valid hours, or an <see cref="ArgumentException"/> naming the first problem.</summary>
    public static BusinessHours Create(string timeZoneId, IReadOnlyList<WeeklyRange> weekly, IReadOnlyList<Holiday> holidays, string? outOfHoursReply = null, OutOfHoursTemplate? outOfHoursTemplate = null)
    {
        var problems = Problems(timeZoneId, weekly, holidays, outOfHoursReply, outOfHoursTemplate);
        if (problems.Count > 0)
        {
            throw new ArgumentException(problems[0]);
        }

        return new BusinessHours(
            FindZone(timeZoneId)!,
            weekly.OrderBy(r => r.Day).ThenBy(r => r.Range.StartMinute).ToList(),
            holidays.OrderBy(h => h.Date).ToList(),
            outOfHoursReply,
            outOfHoursTemplate);
    }

    /// <summary>Whether the queue is open at <paramref name="instant"/> (to the minute of local time).</summary>
    public bool IsOpenAt(DateTimeOffset instant)
    {
        var (date, minute) = Local(instant);
        return RangesOn(date).Any(r => r.StartMinute <= minute && minute < r.EndMinute);
    }

    /// <summary>The next moment the queue opens after <paramref name="instant"/>, when closed then; null when open or when it never opens.</summary>
    public DateTimeOffset? NextOpenAt(DateTimeOffset instant)
    {
        if (IsOpenAt(instant))
        {
            return null;
        }

        var (today, minute) = Local(instant);
        for (var day = 0; day <= MaxSearchDays; day++)
        {
            var date = today.AddDays(day);
            foreach (var range in RangesOn(date))
            {
                if (day > 0 || range.StartMinute > minute)
                {
                    return ToInstant(date, range.StartMinute);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The moment the current closed period began (the end of the latest range before <paramref name="instant"/>), when
    /// closed then; null when open. A queue that has not been open in the search window has been closed since
    /// <see cref="DateTimeOffset.MinValue"/>.
    /// </summary>
    public DateTimeOffset? ClosedSince(DateTimeOffset instant)
    {
        if (IsOpenAt(instant))
        {
            return null;
        }

        var (today, minute) = Local(instant);
        for (var day = 0; day <= MaxSearchDays; day++)
        {
            var date = today.AddDays(-day);
            foreach (var range in RangesOn(date).Reverse())
            {
                if (day > 0 || range.EndMinute <= minute)
                {
                    return ToInstant(date, range.EndMinute);
                }
            }
        }

        return DateTimeOffset.MinValue;
    }

    /// <summary>The ranges in force on a local date: the holiday's own, or the weekly ones of its day.</summary>
    public IEnumerable<DayRange> RangesOn(DateOnly date)
    {
        foreach (var holiday in Holidays)
        {
            if (holiday.Date == date)
            {
                return holiday.Hours;
            }
        }

        return Weekly.Where(r => r.Day == date.DayOfWeek).Select(r => r.Range);
    }

    private (DateOnly Date, int Minute) Local(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        return (DateOnly.FromDateTime(local), (local.Hour * 60) + local.Minute);
    }

    /// <summary>
    /// The instant of a local date and minute. A minute skipped by a clock change moves to the first minute that
    /// exists; a minute that occurs twice is its first occurrence.
    /// </summary>
    private DateTimeOffset ToInstant(DateOnly date, int minute)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).AddMinutes(minute);
        for (var shift = 0; shift < MinutesPerDay && Zone.IsInvalidTime(local); shift++)
        {
            local = local.AddMinutes(1);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private static void CheckRanges(string where, IReadOnlyList<DayRange> ranges, List<string> problems)
    {
        if (ranges.Count > MaxRangesPerDay)
        {
            problems.Add($"{where}: at most {MaxRangesPerDay} ranges.");
        }

        var previousEnd = -1;
        foreach (var range in ranges)
        {
            if (range.StartMinute < 0 || range.EndMinute > MinutesPerDay || range.StartMinute >= range.EndMinute)
            {
                problems.Add($"{where}: each range starts before it ends, within 00:00 and 24:00.");
                return;
            }

            if (range.StartMinute < previousEnd)
            {
                problems.Add($"{where}: ranges in order of start, without overlap.");
                return;
            }

            previousEnd = range.EndMinute;
        }
    }
}

/// <summary>A range of local time within one day: from <see cref="StartMinute"/> (included) to <see cref="EndMinute"/> (excluded).</summary>
public sealed record DayRange(int StartMinute, int EndMinute);

/// <summary>An opening range of a day of the week.</summary>
public sealed record WeeklyRange(DayOfWeek Day, DayRange Range);

/// <summary>A local date with its own hours: closed all day when <see cref="Hours"/> is empty.</summary>
public sealed record Holiday(DateOnly Date, string? Name, IReadOnlyList<DayRange> Hours);
