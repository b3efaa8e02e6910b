using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Messages;

public enum MessageDirection
{
    /// <summary>From the customer.</summary>
    [JsonStringEnumMemberName("in")]
    Inbound = 1,

    /// <summary>From the business.</summary>
    [JsonStringEnumMemberName("out")]
    Outbound = 2,
}
