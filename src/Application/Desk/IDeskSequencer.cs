namespace WhatsSuite.Application.Desk;

/// <summary>
/// The per-conversation event sequence, shared by every instance (Redis in server mode, process memory in embedded
/// mode): each event of a conversation takes the next number, so a client that sees a gap knows it missed one.
/// </summary>
public interface IDeskSequencer
{
    Task<long> NextAsync(Guid conversationId, CancellationToken cancellationToken);

    /// <summary>The number of the conversation's latest event (0 when it has none), without taking a new one.</summary>
    Task<long> CurrentAsync(Guid conversationId, CancellationToken cancellationToken);
}
