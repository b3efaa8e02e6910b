using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Domain.Dashboards;

/// <summary>
/// How many messages of one kind were sent in one 15-minute bucket: by queue (<see cref="Guid.Empty"/> for none, the
/// conversation's current queue), number, agent (the sender of an outbound message; <see cref="Guid.Empty"/> for
/// inbound and system messages), direction and type. The sum of the conversations' <see cref="ConversationMessageCount"/> rows.
/// </summary>
public sealed class MessageCountRollup
{
    private MessageCountRollup()
    {
        Type = MessageTypes.Text;
    }

    public DateTimeOffset BucketStart { get; private set; }

    public Guid QueueId { get; private set; }

    public Guid ConnectionId { get; private set; }

    public Guid AgentId { get; private set; }

    public MessageDirection Direction { get; private set; }

    public string Type { get; private set; }

    public int Count { get; private set; }

    public static MessageCountRollup Create(MessageCountKey key, int count) => new()
    {
        BucketStart = key.BucketStart,
        QueueId = key.QueueId,
        ConnectionId = key.ConnectionId,
        AgentId = key.AgentId,
        Direction = key.Direction,
        Type = key.Type,
        Count = count,
    };

    public MessageCountKey Key => new(BucketStart, QueueId, ConnectionId, AgentId, Direction, Type);

    public void Add(int delta) => Count += delta;
}

/// <summary>The dimensions of a <see cref="MessageCountRollup"/>.</summary>
public sealed record MessageCountKey(DateTimeOffset BucketStart, Guid QueueId, Guid ConnectionId, Guid AgentId, MessageDirection Direction, string Type);
