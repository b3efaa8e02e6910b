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

    /// <summary>
    /// The numbers of several events at once, in order, as if each step were taken alone: a step that
    /// <see cref="DeskSequenceStep.Advance"/>s takes the conversation's next number, the others read its current one.
    /// One round trip for a whole delivery pass instead of one per event.
    /// </summary>
    Task<IReadOnlyList<long>> NumberAsync(IReadOnlyList<DeskSequenceStep> steps, CancellationToken cancellationToken);
}

/// <summary>One event to number: its conversation, and whether it takes a new number or shares the current one.</summary>
public readonly record struct DeskSequenceStep(Guid ConversationId, bool Advance);
