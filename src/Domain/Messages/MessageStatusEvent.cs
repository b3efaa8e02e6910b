using WhatsSuite.Domain.Common;

namespace WhatsSuite.Domain.Messages;

/// <summary>
/// A delivery status WhatsApp reported for a wamid. Unique per (wamid, status), so replays are ignored.
/// Kept even when the message is not known yet (a status can overtake the send response); the outbox
/// applies the pending ones when it learns the wamid.
/// </summary>
public sealed class MessageStatusEvent
{
    private MessageStatusEvent()
    {
        Wamid = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ConnectionId { get; private set; }

    public string Wamid { get; private set; }

    public MessageStatus Status { get; private set; }

    /// <summary>WhatsApp's timestamp of the status.</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    public string? RecipientId { get; private set; }

    public string? ErrorCode { get; private set; }

    public string? ErrorTitle { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static MessageStatusEvent Create(Guid connectionId, string wamid, MessageStatus status, DateTimeOffset occurredAt, string? recipientId, string? errorCode, string? errorTitle, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wamid);
        return new MessageStatusEvent
        {
            Id = Guid.CreateVersion7(now),
            ConnectionId = connectionId,
            Wamid = wamid,
            Status = status,
            OccurredAt = occurredAt,
            RecipientId = recipientId,
            ErrorCode = errorCode,
            ErrorTitle = TextLimit.Cut(errorTitle, Message.MaxErrorTitleLength),
            CreatedAt = now,
        };
    }
}
