using WhatsSuite.Domain.Common;

namespace WhatsSuite.Domain.Webhooks;

/// <summary>
/// A webhook delivery exactly as WhatsApp sent it (raw body), stored before the 200 answer and processed
/// afterwards. A delivery that fails processing stays here with its error and is retried with backoff;
/// nothing is lost if the process stops between the answer and the processing.
/// <para>
/// A delivery arrives either for one connection (<see cref="ConnectionId"/>) or for a Meta app
/// (<see cref="AppId"/>, not yet routed to its numbers). Its items (messages, statuses, errors, other fields'
/// changes) are processed a chunk at a time: <see cref="Progress"/> counts those done, so a large delivery
/// yields to others between chunks. An item that cannot be stored, or a change that belongs to another
/// number, is split off into an entry of its own (<see cref="ParentId"/>) that keeps the failure and its
/// reason and can be retried, while the rest of the delivery is stored.
/// </para>
/// </summary>
public sealed class WebhookInboxEntry
{
    public const int MaxErrorLength = 2000;

    private WebhookInboxEntry()
    {
        Body = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>The connection the delivery is for; null for an app-level delivery not yet routed to its numbers.</summary>
    public Guid? ConnectionId { get; private set; }

    /// <summary>The Meta app id of a delivery received on the app-level endpoint (routed by phone number id).</summary>
    public string? AppId { get; private set; }

    /// <summary>The delivery this entry was split off from (one item that failed, or one number's share of an app delivery).</summary>
    public Guid? ParentId { get; private set; }

    public string Body { get; private set; }

    /// <summary>Items done so far (stored, or split off); processing resumes after them.</summary>
    public int Progress { get; private set; }

    /// <summary>How many items the delivery holds, once it was read.</summary>
    public int? ItemCount { get; private set; }

    /// <summary>Items split off into entries of their own (see <see cref="ParentId"/>).</summary>
    public int SplitItems { get; private set; }

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

    /// <summary>A delivery received on the app-level endpoint of Meta app <paramref name="appId"/>, to be routed to its numbers.</summary>
    public static WebhookInboxEntry ReceiveForApp(string appId, string body, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentNullException.ThrowIfNull(body);
        return new WebhookInboxEntry
        {
            Id = Guid.CreateVersion7(now),
            AppId = appId,
            Body = body,
            Status = InboxStatus.Pending,
            ReceivedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>A part of <paramref name="parent"/> to be processed on its own: one number's share of an app delivery.</summary>
    public static WebhookInboxEntry SplitOff(WebhookInboxEntry parent, Guid? connectionId, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(body);
        return new WebhookInboxEntry
        {
            Id = Guid.CreateVersion7(now),
            ConnectionId = connectionId,
            AppId = parent.AppId,
            ParentId = parent.Id,
            Body = body,
            Status = InboxStatus.Pending,
            ReceivedAt = parent.ReceivedAt,
            NextAttemptAt = now,
        };
    }

    /// <summary>
    /// A part of <paramref name="parent"/> that could not be stored: kept with <paramref name="error"/>, failed at once
    /// when <paramref name="nextAttemptAt"/> is null (it cannot succeed as it is), otherwise retried then.
    /// </summary>
    public static WebhookInboxEntry SplitOffFailed(WebhookInboxEntry parent, Guid? connectionId, string body, string error, DateTimeOffset? nextAttemptAt, DateTimeOffset now)
    {
        var entry = SplitOff(parent, connectionId, body, now);
        entry.RecordFailure(error, nextAttemptAt, now);
        return entry;
    }

    private void MarkProcessed(DateTimeOffset now)
    {
        Attempts++;
        Status = InboxStatus.Processed;
        ProcessedAt = now;
        LastError = null;
    }

    /// <summary>
    /// <paramref name="done"/> of <paramref name="itemCount"/> items are done (<paramref name="splitOff"/> of them now
    /// split off): processed when all are, otherwise pending again at <paramref name="nextAttemptAt"/> for the next chunk.
    /// </summary>
    public void Advance(int done, int itemCount, int splitOff, DateTimeOffset nextAttemptAt, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(done);
        ArgumentOutOfRangeException.ThrowIfNegative(splitOff);
        Progress = Math.Min(done, itemCount);
        ItemCount = itemCount;
        SplitItems += splitOff;
        if (Progress >= itemCount)
        {
            MarkProcessed(now);
        }
        else
        {
            NextAttemptAt = nextAttemptAt;
        }
    }

    /// <summary>An app-level delivery whose changes all belong to one number: it is processed as that connection's.</summary>
    public void RouteTo(Guid connectionId, DateTimeOffset now)
    {
        ConnectionId = connectionId;
        NextAttemptAt = now;
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
