using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Queues;

/// <summary>A day of the week in business hours, numbered as <see cref="DayOfWeek"/>. On the wire: monday ... sunday.</summary>
public enum Weekday
{
    [JsonStringEnumMemberName("sunday")]
    Sunday = 0,

    [JsonStringEnumMemberName("monday")]
    Monday = 1,

    [JsonStringEnumMemberName("tuesday")]
    Tuesday = 2,

    [JsonStringEnumMemberName("wednesday")]
    Wednesday = 3,

    [JsonStringEnumMemberName("thursday")]
    Thursday = 4,

    [JsonStringEnumMemberName("friday")]
    Friday = 5,

    [JsonStringEnumMemberName("saturday")]
    Saturday = 6,
}
