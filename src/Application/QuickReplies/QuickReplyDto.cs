namespace WhatsSuite.Application.QuickReplies;

/// <summary>A quick reply: <see cref="QueueId"/> for a team reply, <see cref="Personal"/> for the caller's own; the variables its text uses.</summary>
public sealed record QuickReplyDto(
    Guid Id,
    string Shortcut,
    string Title,
    string Text,
    Guid? QueueId,
    bool Personal,
    IReadOnlyList<string> Variables,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
