namespace WhatsSuite.Application.Conversations;

/// <summary>Conversation export settings (read from the environment at start-up).</summary>
public sealed class ConversationExportOptions
{
    /// <summary>
    /// The most conversations one filtered export answers in the request (<c>CONVERSATION_EXPORT_SYNC_MAX</c>, default
    /// 1,000); a larger set is written to a file by a background job (202, ADR 0042).
    /// </summary>
    public int SyncMax { get; init; } = 1000;

    /// <summary>How long a background export's file is kept (<c>CONVERSATION_EXPORT_RETENTION_DAYS</c>, default 7).</summary>
    public int RetentionDays { get; init; } = 7;

    /// <summary>Background exports one user may have queued or running at once (<c>CONVERSATION_EXPORT_MAX_PENDING</c>, default 3).</summary>
    public int MaxPendingPerUser { get; init; } = 3;
}
