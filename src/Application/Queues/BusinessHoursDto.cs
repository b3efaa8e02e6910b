using System.Globalization;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Application.Queues;

/// <summary>
/// A queue's business hours: the IANA zone, the weekly ranges and the holidays (null zone and empty lists: none, so
/// always open), and whether it is open now and when it opens next when closed.
/// </summary>
public sealed record QueueBusinessHoursDto(
    Guid QueueId,
    string? TimeZone,
    IReadOnlyList<WeeklyRangeDto> Weekly,
    IReadOnlyList<HolidayDto> Holidays,
    string? OutOfHoursReply,
    OutOfHoursTemplateDto? OutOfHoursTemplate,
    bool IsOpen,
    DateTimeOffset? NextOpenAt);

/// <summary>The approved template sent as the out-of-hours reply, and where each of its variables comes from.</summary>
public sealed record OutOfHoursTemplateDto(string Name, string Language, IReadOnlyDictionary<string, string> Variables);

/// <summary>An opening range of a day of the week, local times <c>HH:mm</c> (the end may be <c>24:00</c>).</summary>
public sealed record WeeklyRangeDto(Weekday Day, string Start, string End);

/// <summary>A holiday: closed all day when <see cref="Hours"/> is empty, else open only in its ranges.</summary>
public sealed record HolidayDto(DateOnly Date, string? Name, IReadOnlyList<TimeRangeDto> Hours);

/// <summary>A range of local time, <c>HH:mm</c> to <c>HH:mm</c> (the end may be <c>24:00</c>).</summary>
public sealed record TimeRangeDto(string Start, string End);

/// <summary>Converts business hours between their API form (<c>HH:mm</c> texts) and the domain's minutes.</summary>
internal static class BusinessHoursMapper
{
    public static QueueBusinessHoursDto ToDto(Guid queueId, BusinessHours? hours, DateTimeOffset now) =>
        hours is null
            ? new QueueBusinessHoursDto(queueId, null, [], [], null, null, true, null)
            : new QueueBusinessHoursDto(
                queueId,
                hours.TimeZoneId,
                hours.Weekly.Select(r => new WeeklyRangeDto((Weekday)r.Day, Time(r.Range.StartMinute), Time(r.Range.EndMinute))).ToList(),
                hours.Holidays.Select(h => new HolidayDto(h.Date, h.Name, h.Hours.Select(ToDto).ToList())).ToList(),
                hours.OutOfHoursReply,
                hours.OutOfHoursTemplate is { } template ? new OutOfHoursTemplateDto(template.Name, template.Language, template.Variables) : null,
                hours.IsOpenAt(now),
                hours.NextOpenAt(now));

    /// <summary>Minutes from midnight of a <c>HH:mm</c> text (00:00 to 24:00), or null when it is not one.</summary>
    public static int? Minutes(string? text)
    {
        if (text is not { Length: 5 } || text[2] != ':' || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1])
            || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            return null;
        }

        var hour = ((text[0] - '0') * 10) + (text[1] - '0');
        var minute = ((text[3] - '0') * 10) + (text[4] - '0');
        return (hour < 24 && minute < 60) || (hour == 24 && minute == 0) ? (hour * 60) + minute : null;
    }

    public static string Time(int minutes) =>
        string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");

    private static TimeRangeDto ToDto(DayRange range) => new(Time(range.StartMinute), Time(range.EndMinute));
}
