namespace WhatsSuite.Domain.Conversations;

/// <summary>The states of the original system: waiting in a queue, handled by an agent, or closed.</summary>
public enum ConversationStatus
{
    UNASSIGNED = 1,
    OPEN = 2,
    CLOSED = 3,
}
