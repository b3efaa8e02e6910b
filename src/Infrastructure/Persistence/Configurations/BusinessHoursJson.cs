using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

/// <summary>
/// Stores <see cref="BusinessHours"/> as one JSON text column (the same text in PostgreSQL and SQLite): the zone id,
/// the weekly ranges, the holidays (times as minutes from local midnight) and the out-of-hours reply (a text or a
/// template). Read and written whole; never queried.
/// </summary>
internal static class BusinessHoursJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static readonly ValueConverter<BusinessHours?, string?> Converter = new(
        hours => Write(hours),
        text => Read(text));

    /// <summary>The hours are immutable: a new value is a new instance.</summary>
    public static readonly ValueComparer<BusinessHours?> Comparer = new(
        (a, b) => ReferenceEquals(a, b),
        hours => hours == null ? 0 : hours.GetHashCode(),
        hours => hours);

    public static string? Write(BusinessHours? hours) =>
        hours is null
            ? null
            : JsonSerializer.Serialize(
                new Stored(
                    hours.TimeZoneId,
                    hours.Weekly.Select(r => new StoredWeekly((int)r.Day, r.Range.StartMinute, r.Range.EndMinute)).ToList(),
                    hours.Holidays.Select(h => new StoredHoliday(
                        h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        h.Name,
                        h.Hours.Select(r => new StoredRange(r.StartMinute, r.EndMinute)).ToList())).ToList(),
                    hours.OutOfHoursReply,
                    hours.OutOfHoursTemplate is { } template
                        ? new StoredTemplate(template.Name, template.Language, template.Variables.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal))
                        : null),
                Options);

    public static BusinessHours? Read(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<Stored>(text, Options)
            ?? throw new InvalidOperationException("Stored business hours are empty.");
        return BusinessHours.Create(
            stored.TimeZone,
            stored.Weekly.Select(r => new WeeklyRange((DayOfWeek)r.Day, new DayRange(r.Start, r.End))).ToList(),
            stored.Holidays.Select(h => new Holiday(
                DateOnly.ParseExact(h.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                h.Name,
                h.Hours.Select(r => new DayRange(r.Start, r.End)).ToList())).ToList(),
            stored.Reply,
            stored.Template is { } template ? new OutOfHoursTemplate(template.Name, template.Language, template.Variables) : null);
    }

    private sealed record Stored(string TimeZone, List<StoredWeekly> Weekly, List<StoredHoliday> Holidays, string? Reply = null, StoredTemplate? Template = null);

    private sealed record StoredTemplate(string Name, string Language, Dictionary<string, string> Variables);

    private sealed record StoredWeekly(int Day, int Start, int End);

    private sealed record StoredHoliday(string Date, string? Name, List<StoredRange> Hours);

    private sealed record StoredRange(int Start, int End);
}
