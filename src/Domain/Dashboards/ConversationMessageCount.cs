using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Domain.Dashboards;

/// <summary>
/// One conversation's share of <see cref="MessageCountRollup"/>, with the queue and number it was counted under, so
/// that a recount (new or moved messages, a transfer) can take the old share out of the totals and put the new one in.
/// </summary>
public sealed class ConversationMessageCount
{
    private ConversationMessageCount()
    {
        Type = MessageTypes.Text;
    }

    public Guid ConversationId { get; private set; }

    public DateTimeOffset BucketStart { get; private set; }

    public Guid AgentId { get; private set; }

    public MessageDirection Direction { get; private set; }

    public string Type { get; private set; }

    public Guid QueueId { get; private set; }

    public Guid ConnectionId { get; private set; }

    public int Count { get; private set; }

    public static ConversationMessageCount Create(Guid conversationId, MessageCountKey key, int count) => new()
    {
        ConversationId = conversationId,
        BucketStart = key.BucketStart,
        AgentId = key.AgentId,
        Direction = key.Direction,
        Type = key.Type,
        QueueId = key.QueueId,
        ConnectionId = key.ConnectionId,
        Count = count,
    };

    /// <summary>The key of the totals row this share belongs to.</summary>
    public MessageCountKey Key => new(BucketStart, QueueId, ConnectionId, AgentId, Direction, Type);

    public void Update(Guid queueId, Guid connectionId, int count)
    {
        QueueId = queueId;
        ConnectionId = connectionId;
        Count = count;
    }
}
