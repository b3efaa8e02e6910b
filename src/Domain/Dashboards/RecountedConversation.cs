namespace WhatsSuite.Domain.Dashboards;

/// <summary>
/// The state of a conversation (its change time and version) when the rollups last recounted it. The rollup run reads
/// conversations changed shortly before its watermark again (a change committed late); one whose state is still the
/// recounted one is skipped, so the overlap costs a lookup instead of a recount.
/// </summary>
public sealed class RecountedConversation
{
    private RecountedConversation()
    {
    }

    public Guid ConversationId { get; private set; }

    public DateTimeOffset ConversationUpdatedAt { get; private set; }

    public int ConversationVersion { get; private set; }

    public static RecountedConversation Record(Guid conversationId, DateTimeOffset updatedAt, int version) =>
        new() { ConversationId = conversationId, ConversationUpdatedAt = updatedAt, ConversationVersion = version };

    /// <summary>True when the conversation is still in the state that was recounted.</summary>
    public bool Covers(DateTimeOffset updatedAt, int version) => ConversationUpdatedAt == updatedAt && ConversationVersion == version;

    public void Update(DateTimeOffset updatedAt, int version)
    {
        ConversationUpdatedAt = updatedAt;
        ConversationVersion = version;
    }
}
