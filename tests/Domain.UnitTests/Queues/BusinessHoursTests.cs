using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Domain.UnitTests.Queues;

/// <summary>Opening hours read in the queue's time zone: weekly ranges, holidays, the next opening and clock changes.</summary>
public sealed class BusinessHoursTests
{
    private const string Madrid = "Europe/Madrid";

    // Monday to Friday 09:00-14:00 and 16:00-20:00; 8 December closed; 24 December 09:00-12:00 only.
    private static readonly BusinessHours Office = BusinessHours.Create(
        Madrid,
        [.. WorkDays().SelectMany(d => new[] { new WeeklyRange(d, new DayRange(9 * 60, 14 * 60)), new WeeklyRange(d, new DayRange(16 * 60, 20 * 60)) })],
        [new Holiday(new DateOnly(2026, 12, 8), "Inmaculada", []), new Holiday(new DateOnly(2026, 12, 24), "Nochebuena", [new DayRange(9 * 60, 12 * 60)])]);

    [Theory]
    [InlineData("2026-11-30T08:30:00Z", true)] // Monday 09:30 in Madrid (UTC+1)
    [InlineData("2026-11-30T07:59:00Z", false)] // Monday 08:59
    [InlineData("2026-11-30T13:00:00Z", false)] // Monday 14:00: a range ends before its end minute
    [InlineData("2026-11-30T15:00:00Z", true)] // Monday 16:00
    [InlineData("2026-11-28T12:00:00Z", false)] // Saturday
    [InlineData("2026-12-08T10:00:00Z", false)] // a Tuesday, closed all day as a holiday
    [InlineData("2026-12-24T10:00:00Z", true)] // Thursday 11:00, inside the holiday's own hours
    [InlineData("2026-12-24T11:30:00Z", false)] // Thursday 12:30, outside them though a weekday range covers it
    public void IsOpenAt_LocalTimeOfTheZone_FollowsWeeklyRangesAndHolidays(string instant, bool open) =>
        Assert.Equal(open, Office.IsOpenAt(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void NextOpenAt_ClosedBetweenRangesOrOverAWeekendOrHoliday_IsTheNextRangeStart()
    {
        Assert.Equal(At("2026-11-30T15:00:00Z"), Office.NextOpenAt(At("2026-11-30T13:30:00Z")));
        Assert.Equal(At("2026-11-30T08:00:00Z"), Office.NextOpenAt(At("2026-11-28T12:00:00Z")));
        Assert.Equal(At("2026-12-09T08:00:00Z"), Office.NextOpenAt(At("2026-12-08T07:00:00Z")));
        Assert.Null(Office.NextOpenAt(At("2026-11-30T08:30:00Z")));
    }

    [Fact]
    public void ClosedSince_ClosedNow_IsTheEndOfTheLatestRange()
    {
        Assert.Equal(At("2026-11-30T13:00:00Z"), Office.ClosedSince(At("2026-11-30T13:30:00Z")));
        Assert.Equal(At("2026-11-27T19:00:00Z"), Office.ClosedSince(At("2026-11-28T12:00:00Z")));
        Assert.Null(Office.ClosedSince(At("2026-11-30T08:30:00Z")));
    }

    [Fact]
    public void NextOpenAt_RangeStartingInTheSkippedHourOfSpring_OpensAtTheFirstMinuteThatExists()
    {
        // On 29 March 2026 Madrid's clocks jump from 02:00 to 03:00 (UTC+1 to UTC+2).
        var hours = BusinessHours.Create(Madrid, [new WeeklyRange(DayOfWeek.Sunday, new DayRange((2 * 60) + 30, 5 * 60))], []);

        Assert.Equal(At("2026-03-29T01:00:00Z"), hours.NextOpenAt(At("2026-03-29T00:00:00Z")));
        Assert.True(hours.IsOpenAt(At("2026-03-29T01:30:00Z")));
    }

    [Fact]
    public void NextOpenAt_NoRangeAtAll_IsNullAndTheQueueIsNeverOpen()
    {
        var closed = BusinessHours.Create("UTC", [], []);

        Assert.False(closed.IsOpenAt(At("2026-11-30T10:00:00Z")));
        Assert.Null(closed.NextOpenAt(At("2026-11-30T10:00:00Z")));
        Assert.Equal(DateTimeOffset.MinValue, closed.ClosedSince(At("2026-11-30T10:00:00Z")));
    }

    [Fact]
    public void IsOpenAt_QueueWithoutBusinessHours_IsAlwaysOpen()
    {
        var queue = Queue.Create("Ventas", null, AssignmentStrategy.Manual, 5, At("2026-11-28T12:00:00Z"));

        Assert.True(queue.IsOpenAt(At("2026-11-28T03:00:00Z")));
    }

    [Fact]
    public void SetBusinessHours_ReplacedThenRemoved_RecordsEachChangeWithOldAndNewHours()
    {
        var queue = Queue.Create("Ventas", null, AssignmentStrategy.Manual, 5, At("2026-11-28T12:00:00Z"));

        var first = queue.SetBusinessHours(Office, "user-1", At("2026-11-28T12:00:00Z"));
        var second = queue.SetBusinessHours(null, "user-1", At("2026-11-28T12:01:00Z"));

        Assert.Equal(((BusinessHours?)null, (BusinessHours?)Office), (first.OldHours, first.NewHours));
        Assert.Equal(((BusinessHours?)Office, (BusinessHours?)null), (second.OldHours, second.NewHours));
        Assert.True(queue.IsOpenAt(At("2026-11-28T12:00:00Z")));
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("Romance Standard Time")]
    [InlineData("europe/madrid")]
    [InlineData(" Europe/Madrid")]
    [InlineData("")]
    public void Problems_NotAnIanaZone_NamesTheZone(string zone) =>
        Assert.Contains(BusinessHours.Problems(zone, [], []), p => p.StartsWith("timeZone", StringComparison.Ordinal));

    [Fact]
    public void Problems_OverlappingOutOfOrderOrTooManyRanges_AreNamed()
    {
        Assert.Contains("weekly Monday: ranges in order of start, without overlap.", BusinessHours.Problems(Madrid, [Monday(9, 14), Monday(13, 18)], []));
        Assert.Contains("weekly Monday: ranges in order of start, without overlap.", BusinessHours.Problems(Madrid, [Monday(16, 18), Monday(9, 14)], []));
        Assert.Contains("weekly Monday: each range starts before it ends, within 00:00 and 24:00.", BusinessHours.Problems(Madrid, [Monday(14, 9)], []));
        Assert.Contains("weekly Monday: at most 6 ranges.", BusinessHours.Problems(Madrid, [.. Enumerable.Range(0, 7).Select(h => Monday(h, h + 1))], []));
        Assert.Empty(BusinessHours.Problems(Madrid, [Monday(9, 14), Monday(14, 24), new WeeklyRange(DayOfWeek.Tuesday, new DayRange(0, 60))], []));
    }

    [Fact]
    public void Problems_HolidayTwiceOrWithALongName_AreNamed()
    {
        var date = new DateOnly(2026, 12, 25);

        Assert.Contains("holidays: each date at most once.", BusinessHours.Problems(Madrid, [], [new Holiday(date, null, []), new Holiday(date, null, [])]));
        Assert.Contains(
            "holiday 2026-12-25: name at most 80 characters.",
            BusinessHours.Problems(Madrid, [], [new Holiday(date, string.Concat(Enumerable.Repeat("🎄", 40)) + "x", [])]));
        Assert.Empty(BusinessHours.Problems(Madrid, [], [new Holiday(date, string.Concat(Enumerable.Repeat("🎄", 40)), [])]));
    }

    [Fact]
    public void Problems_BlankOrLongOutOfHoursReply_IsNamed()
    {
        Assert.Contains("outOfHoursReply: not blank, at most 1024 characters.", BusinessHours.Problems(Madrid, [], [], "  "));
        Assert.Contains("outOfHoursReply: not blank, at most 1024 characters.", BusinessHours.Problems(Madrid, [], [], new string('a', 1025)));
        Assert.Equal("Cerrado 🌙", BusinessHours.Create(Madrid, [], [], "Cerrado 🌙").OutOfHoursReply);
    }

    private static WeeklyRange Monday(int fromHour, int toHour) => new(DayOfWeek.Monday, new DayRange(fromHour * 60, toHour * 60));

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<DayOfWeek> WorkDays() => [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
}
