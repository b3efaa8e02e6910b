using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Queues;

/// <summary>How a queue hands unassigned conversations to its agents. On the wire: manual, round_robin, least_busy.</summary>
public enum AssignmentStrategy
{
    /// <summary>Agents take conversations themselves.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual = 1,

    /// <summary>Each new conversation goes to the next member in turn who is below capacity.</summary>
    [JsonStringEnumMemberName("round_robin")]
    RoundRobin = 2,

    /// <summary>Each new conversation goes to the member with the fewest open conversations, below capacity.</summary>
    [JsonStringEnumMemberName("least_busy")]
    LeastBusy = 3,
}
