using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Webhooks;

public enum InboxStatus
{
    /// <summary>Stored, waiting to be processed (first time or retry).</summary>
    [JsonStringEnumMemberName("pending")]
    Pending = 1,

    [JsonStringEnumMemberName("processed")]
    Processed = 2,

    /// <summary>Processing failed every attempt; waits for an administrator's retry.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed = 3,
}
