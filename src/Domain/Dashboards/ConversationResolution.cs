namespace WhatsSuite.Domain.Dashboards;

/// <summary>
/// One closing of a conversation, recorded when it is saved: the queue and the user who held it at that moment, when
/// the cycle began (its first message after the previous closing, or the conversation's creation) and when it closed.
/// Resolution time is <see cref="Seconds"/>. Kept as history: a later transfer or reopening does not change it.
/// </summary>
public sealed class ConversationResolution
{
    private ConversationResolution()
    {
    }

    public Guid Id { get; private set; }

    public Guid ConversationId { get; private set; }

    /// <summary>The queue when closed; <see cref="Guid.Empty"/> for none.</summary>
    public Guid QueueId { get; private set; }

    /// <summary>The assignee when closed; null when it was closed unassigned.</summary>
    public Guid? AgentId { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset ClosedAt { get; private set; }

    public int Seconds { get; private set; }

    public static ConversationResolution Record(Guid conversationId, Guid? queueId, Guid? agentId, DateTimeOffset openedAt, DateTimeOffset closedAt) => new()
    {
        Id = Guid.CreateVersion7(closedAt),
        ConversationId = conversationId,
        QueueId = queueId ?? Guid.Empty,
        AgentId = agentId,
        OpenedAt = openedAt <= closedAt ? openedAt : closedAt,
        ClosedAt = closedAt,
        Seconds = openedAt <= closedAt ? (int)Math.Floor((closedAt - openedAt).TotalSeconds) : 0,
    };
}
