using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Application.Webhooks;

/// <summary>A stored webhook delivery, without its body (<see cref="BodyBytes"/> is the stored body's length).</summary>
public sealed record WebhookInboxEntryDto(
    Guid Id,
    Guid ConnectionId,
    InboxStatus Status,
    int Attempts,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? ProcessedAt,
    string? LastError,
    int BodyBytes);
