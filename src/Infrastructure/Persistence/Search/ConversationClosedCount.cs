namespace WhatsSuite.Infrastructure.Persistence.Search;

/// <summary>
/// How many CLOSED conversations a queue has (<see cref="QueueKey"/> <see cref="Guid.Empty"/>: those without a
/// queue). Written only by the database's triggers on <c>conversations</c>, in the same transaction as the change.
/// </summary>
public sealed class ConversationClosedCount
{
    private ConversationClosedCount()
    {
    }

    public Guid QueueKey { get; private set; }

    public long Count { get; private set; }
}
