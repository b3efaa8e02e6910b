namespace WhatsSuite.Domain.Dashboards;

/// <summary>
/// What the rollups last counted of a conversation: its state then (change time and version), the queue and number its
/// share was counted under, and the bucket of the latest message counted. The rollup run reads conversations changed
/// shortly before its watermark again (a change committed late); one whose state is still the recounted one is skipped,
/// so the overlap costs a lookup instead of a recount. A conversation that did change is recounted from
/// <see cref="StartOfRecount"/>: a message stored since then in order is sent no earlier than the last one counted, and
/// one stored out of order marks its bucket on the conversation (<see cref="Conversations.Conversation.RecountFrom"/>).
/// </summary>
public sealed class RecountedConversation
{
    private RecountedConversation()
    {
    }

    public Guid ConversationId { get; private set; }

    public DateTimeOffset ConversationUpdatedAt { get; private set; }

    public int ConversationVersion { get; private set; }

    /// <summary>The queue the conversation's share was counted under; <see cref="Guid.Empty"/> for none (or not recorded).</summary>
    public Guid QueueId { get; private set; }

    /// <summary>The number the conversation's share was counted under; <see cref="Guid.Empty"/> when not recorded.</summary>
    public Guid ConnectionId { get; private set; }

    /// <summary>The start of the bucket of the latest message counted; null when none was (the next recount reads all).</summary>
    public DateTimeOffset? OpenBucket { get; private set; }

    public static RecountedConversation Record(Guid conversationId) => new() { ConversationId = conversationId };

    /// <summary>True when the conversation is still in the state that was recounted.</summary>
    public bool Covers(DateTimeOffset updatedAt, int version) => ConversationUpdatedAt == updatedAt && ConversationVersion == version;

    /// <summary>True when the share was counted under this queue and number.</summary>
    public bool CountedUnder(Guid queueId, Guid connectionId) => QueueId == queueId && ConnectionId == connectionId;

    /// <summary>
    /// Where the next recount starts: the earlier of <see cref="OpenBucket"/> and the conversation's
    /// <paramref name="recountFrom"/>; null for the whole history (nothing counted yet, or no record).
    /// </summary>
    public static DateTimeOffset? StartOfRecount(RecountedConversation? mark, DateTimeOffset? recountFrom) =>
        mark?.OpenBucket is not { } open ? null
        : recountFrom is { } stale && stale < open ? stale
        : open;

    /// <summary>Records a recount: the state it counted, under which queue and number, and its latest message's bucket.</summary>
    public void Update(DateTimeOffset updatedAt, int version, Guid queueId, Guid connectionId, DateTimeOffset? openBucket)
    {
        ConversationUpdatedAt = updatedAt;
        ConversationVersion = version;
        QueueId = queueId;
        ConnectionId = connectionId;
        OpenBucket = openBucket;
    }
}
