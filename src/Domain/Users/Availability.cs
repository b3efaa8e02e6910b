using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Users;

/// <summary>Whether a user takes new conversations while online. On the wire: available, away.</summary>
public enum Availability
{
    /// <summary>Auto-assignment may hand them conversations while they are online.</summary>
    [JsonStringEnumMemberName("available")]
    Available = 1,

    /// <summary>Online (or not) but not taking new conversations: auto-assignment skips them.</summary>
    [JsonStringEnumMemberName("away")]
    Away = 2,
}
