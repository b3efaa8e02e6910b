using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Dashboards;

/// <summary>What a drill-down breaks the period's figures down by.</summary>
public enum DrilldownLevel
{
    /// <summary>Messages sent, by the user who sent them (automatic messages as "(automatic)"); top 20.</summary>
    [JsonStringEnumMemberName("agent")]
    Agent = 1,

    /// <summary>Messages, by business number; top 20.</summary>
    [JsonStringEnumMemberName("connection")]
    Connection,

    /// <summary>Messages, by local hour of the day (all 24).</summary>
    [JsonStringEnumMemberName("hour")]
    Hour,

    /// <summary>Messages, by local date (every day of the period).</summary>
    [JsonStringEnumMemberName("day")]
    Day,

    /// <summary>Messages, by queue; top 20.</summary>
    [JsonStringEnumMemberName("queue")]
    Queue,

    /// <summary>Conversations now, by status.</summary>
    [JsonStringEnumMemberName("status")]
    Status,

    /// <summary>Messages, by message type; top 20.</summary>
    [JsonStringEnumMemberName("message_type")]
    MessageType,
}
