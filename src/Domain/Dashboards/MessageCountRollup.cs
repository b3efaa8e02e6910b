using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Domain.Dashboards;

/// <summary>
/// How many messages of one kind were sent in one bucket of time: by queue (<see cref="Guid.Empty"/> for none, the
/// conversation's current queue), number, agent (the sender of an outbound message; <see cref="Guid.Empty"/> for
/// inbound and system messages), direction and type. Two grains keep the same totals: <see cref="MessageCountRollup"/>
/// per 15 minutes and <see cref="DailyMessageCountRollup"/> per UTC day.
/// </summary>
public abstract class MessageCountTotal
{
    protected MessageCountTotal()
    {
        Type = MessageTypes.Text;
    }

    /// <summary>The first instant (UTC) of the bucket.</summary>
    public DateTimeOffset BucketStart { get; protected set; }

    public Guid QueueId { get; protected set; }

    public Guid ConnectionId { get; protected set; }

    public Guid AgentId { get; protected set; }

    public MessageDirection Direction { get; protected set; }

    public string Type { get; protected set; }

    public int Count { get; protected set; }

    public MessageCountKey Key => new(BucketStart, QueueId, ConnectionId, AgentId, Direction, Type);

    public void Add(int delta) => Count += delta;

    protected void Set(MessageCountKey key, int count)
    {
        ArgumentNullException.ThrowIfNull(key);
        BucketStart = key.BucketStart;
        QueueId = key.QueueId;
        ConnectionId = key.ConnectionId;
        AgentId = key.AgentId;
        Direction = key.Direction;
        Type = key.Type;
        Count = count;
    }
}

/// <summary>
/// The totals of one 15-minute bucket (<see cref="DashboardBuckets"/>): the grain any local hour or day of any time zone
/// is made of. The sum of the conversations' <see cref="ConversationMessageCount"/> rows.
/// </summary>
public sealed class MessageCountRollup : MessageCountTotal
{
    private MessageCountRollup()
    {
    }

    public static MessageCountRollup Create(MessageCountKey key, int count)
    {
        var row = new MessageCountRollup();
        row.Set(key, count);
        return row;
    }
}

/// <summary>
/// The totals of one UTC day (<see cref="MessageCountTotal.BucketStart"/> is its midnight): the sum of the day's 96
/// <see cref="MessageCountRollup"/> rows, kept by the same recount, so that a period of many days reads one row per
/// day and key instead of 96.
/// </summary>
public sealed class DailyMessageCountRollup : MessageCountTotal
{
    private DailyMessageCountRollup()
    {
    }

    public static DailyMessageCountRollup Create(MessageCountKey key, int count)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.BucketStart.UtcTicks % TimeSpan.TicksPerDay != 0)
        {
            throw new ArgumentException("A daily total starts at midnight UTC.", nameof(key));
        }

        var row = new DailyMessageCountRollup();
        row.Set(key, count);
        return row;
    }
}

/// <summary>The dimensions of a <see cref="MessageCountTotal"/>.</summary>
public sealed record MessageCountKey(DateTimeOffset BucketStart, Guid QueueId, Guid ConnectionId, Guid AgentId, MessageDirection Direction, string Type);
