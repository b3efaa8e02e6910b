using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using WhatsSuite.Domain.Common;

namespace WhatsSuite.Domain.Connections;

public enum ConnectionEventOutcome
{
    /// <summary>WhatsSuite acted on it (a contact's marketing preference, the number's quality shown on the connection).</summary>
    [JsonStringEnumMemberName("applied")]
    Applied = 1,

    /// <summary>Kept for the record; nothing in WhatsSuite depends on it.</summary>
    [JsonStringEnumMemberName("stored")]
    Stored = 2,

    /// <summary>Kept to be applied later; template status updates stored before templates were managed have this (a template sync reads their current status).</summary>
    [JsonStringEnumMemberName("deferred")]
    Deferred = 3,
}

/// <summary>
/// A webhook notification about a number or its business account that is not a customer message or a delivery
/// status: another webhook field (<c>account_update</c>, <c>message_template_status_update</c>,
/// <c>phone_number_quality_update</c>, <c>user_preferences</c>, ...), an error WhatsApp reported
/// (<c>messages.errors</c>) or a status WhatsSuite does not track. Stored once (<see cref="DedupKey"/> is a hash of
/// its content, so a redelivery is recognised) with what was done with it.
/// </summary>
public sealed class ConnectionEvent
{
    public const int MaxFieldLength = 64;
    public const int MaxEventLength = 64;
    public const int MaxNoteLength = 500;

    private ConnectionEvent()
    {
        Field = string.Empty;
        Payload = "{}";
        DedupKey = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ConnectionId { get; private set; }

    /// <summary>The webhook field (<c>user_preferences</c>, ...), or <c>messages.errors</c> / <c>messages.statuses</c>.</summary>
    public string Field { get; private set; }

    /// <summary>What happened, when the notification names it (<c>APPROVED</c>, <c>FLAGGED</c>, <c>stop</c>, an error code, ...).</summary>
    public string? Event { get; private set; }

    /// <summary>The notification's JSON exactly as WhatsApp sent it.</summary>
    public string Payload { get; private set; }

    public ConnectionEventOutcome Outcome { get; private set; }

    /// <summary>What was done, or why nothing was.</summary>
    public string? Note { get; private set; }

    /// <summary>When WhatsApp says it happened (or when it was received, when it does not say).</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>SHA-256 (hex) of the field, the payload and the time WhatsApp stamped the notification with; unique per connection.</summary>
    public string DedupKey { get; private set; }

    /// <param name="stampedAt">The time WhatsApp stamped the notification with (<c>entry.time</c>, an item's <c>timestamp</c>), when it has one.</param>
    public static ConnectionEvent Record(
        Guid connectionId, string field, string? @event, string payload, ConnectionEventOutcome outcome, string? note, DateTimeOffset? stampedAt, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        ArgumentNullException.ThrowIfNull(payload);
        return new ConnectionEvent
        {
            Id = Guid.CreateVersion7(now),
            ConnectionId = connectionId,
            Field = TextLimit.Cut(field, MaxFieldLength),
            Event = TextLimit.Cut(@event, MaxEventLength),
            Payload = payload,
            Outcome = outcome,
            Note = TextLimit.Cut(note, MaxNoteLength),
            OccurredAt = stampedAt ?? now,
            ReceivedAt = now,
            DedupKey = KeyOf(field, payload, stampedAt),
        };
    }

    /// <summary>The identity of a notification: the same field, JSON and time stamp are the same notification delivered again.</summary>
    public static string KeyOf(string field, string payload, DateTimeOffset? stampedAt) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{field}\n{stampedAt?.ToUnixTimeSeconds()}\n{payload}"))));
}
