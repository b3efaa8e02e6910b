namespace WhatsSuite.Application.Conversations;

/// <summary>Conversation export settings (read from the environment at start-up).</summary>
public sealed class ConversationExportOptions
{
    /// <summary>
    /// The most conversations one filtered export answers (<c>CONVERSATION_EXPORT_SYNC_MAX</c>, default 1,000); a
    /// larger set is refused with 422 <c>conversations.export_too_large</c> and the caller narrows the filter.
    /// </summary>
    public int SyncMax { get; init; } = 1000;
}
