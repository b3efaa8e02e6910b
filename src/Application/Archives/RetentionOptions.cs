namespace WhatsSuite.Application.Archives;

/// <summary>
/// How long each kind of history stays in the live database (ADR 0033); 0 keeps it forever.
/// <c>RETENTION_MESSAGES_MONTHS</c> (messages and their status reports), <c>RETENTION_WEBHOOK_INBOX_DAYS</c>,
/// <c>RETENTION_AUDIT_MONTHS</c>, and <c>RETENTION_PRESENCE_MONTHS</c> for the presence stretches, which are deleted rather
/// than archived (ADR 0057).
/// </summary>
public sealed record RetentionOptions
{
    public int MessagesMonths { get; init; }

    public int WebhookInboxDays { get; init; }

    public int AuditMonths { get; init; }

    public int PresenceMonths { get; init; }

    /// <summary>
    /// The instant before which a month of <paramref name="table"/> has passed retention (a month leaves when all of it
    /// is older), or null when the table is kept forever. Months keep the current month plus the N before it.
    /// </summary>
    public DateTimeOffset? CutoffFor(string table, DateTimeOffset now)
    {
        var month = MonthOf(now);
        return table switch
        {
            HistoryTables.Messages or HistoryTables.MessageStatusEvents => MessagesMonths > 0 ? month.AddMonths(-MessagesMonths) : null,
            HistoryTables.WebhookInbox => WebhookInboxDays > 0 ? now.ToUniversalTime().AddDays(-WebhookInboxDays) : null,
            HistoryTables.AuditLogs => AuditMonths > 0 ? month.AddMonths(-AuditMonths) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not a history table."),
        };
    }

    /// <summary>
    /// The instant before which a presence stretch that ended has passed retention (the current month plus the N before
    /// it are kept), or null when presence is kept forever.
    /// </summary>
    public DateTimeOffset? PresenceCutoff(DateTimeOffset now) => PresenceMonths > 0 ? MonthOf(now).AddMonths(-PresenceMonths) : null;

    private static DateTimeOffset MonthOf(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>The tables that are partitioned by month and archived past retention.</summary>
public static class HistoryTables
{
    public const string Messages = "messages";
    public const string MessageStatusEvents = "message_status_events";
    public const string WebhookInbox = "webhook_inbox";
    public const string AuditLogs = "audit_logs";

    public static readonly IReadOnlyList<string> All = [Messages, MessageStatusEvents, WebhookInbox, AuditLogs];
}
