using WhatsSuite.Domain.Common;

namespace WhatsSuite.Domain.Webhooks;

/// <summary>
/// A webhook delivery exactly as WhatsApp sent it (raw body), stored before the 200 answer and processed
/// afterwards. A delivery that fails processing stays here with its error and is retried with backoff;
/// nothing is lost if the process stops between the answer and the processing.
/// </summary>
public sealed class WebhookInboxEntry
{
    public const int MaxErrorLength = 2000;

    private WebhookInboxEntry()
    {
        Body = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ConnectionId { get; private set; }

    public string Body { get; private set; }

    public InboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>When the processor may take the entry (next retry, or the end of another worker's lease).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? ProcessedAt { get; private set; }

    public string? LastError { get; private set; }

    public static WebhookInboxEntry Receive(Guid connectionId, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new WebhookInboxEntry
        {
            Id = Guid.CreateVersion7(now),
            ConnectionId = connectionId,
            Body = body,
            Status = InboxStatus.Pending,
            ReceivedAt = now,
            NextAttemptAt = now,
        };
    }

    public void MarkProcessed(DateTimeOffset now)
    {
        Attempts++;
        Status = InboxStatus.Processed;
        ProcessedAt = now;
        LastError = null;
    }

    /// <summary>Records a failed attempt: retried at <paramref name="nextAttemptAt"/>, or failed for good when null.</summary>
    public void RecordFailure(string error, DateTimeOffset? nextAttemptAt, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        Attempts++;
        LastError = TextLimit.Cut(error, MaxErrorLength);
        if (nextAttemptAt is { } next)
        {
            Status = InboxStatus.Pending;
            NextAttemptAt = next;
        }
        else
        {
            Status = InboxStatus.Failed;
            NextAttemptAt = now;
        }
    }

    /// <summary>An administrator asks for another try of a failed entry.</summary>
    public bool Retry(DateTimeOffset now)
    {
        if (Status != InboxStatus.Failed)
        {
            return false;
        }

        Status = InboxStatus.Pending;
        NextAttemptAt = now;
        return true;
    }
}
