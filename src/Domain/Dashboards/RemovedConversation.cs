namespace WhatsSuite.Domain.Dashboards;

/// <summary>
/// A conversation deleted (merged into another one when two contacts turn out to be one person), written in the same
/// save: the next rollup run takes its counts out of the totals.
/// </summary>
public sealed class RemovedConversation
{
    private RemovedConversation()
    {
    }

    public Guid ConversationId { get; private set; }

    public DateTimeOffset RemovedAt { get; private set; }

    public static RemovedConversation Record(Guid conversationId, DateTimeOffset now) => new() { ConversationId = conversationId, RemovedAt = now };
}
