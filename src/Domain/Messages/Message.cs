using WhatsSuite.Domain.Common;

namespace WhatsSuite.Domain.Messages;

/// <summary>
/// One WhatsApp message of a conversation. An inbound message is unique per (connection, wamid), so a
/// replayed webhook never stores it twice. An outbound message starts <see cref="MessageStatus.Queued"/> in
/// the outbox (<see cref="NextAttemptAt"/>) and gets its wamid when WhatsApp accepts it; later statuses
/// only ever move it forwards.
/// </summary>
public sealed class Message
{
    public const int MaxWamidLength = 256;
    public const int MaxTextLength = 4096;
    public const int MaxErrorTitleLength = 500;
    public const int MaxMediaErrorLength = 200;

    private Message()
    {
        Type = MessageTypes.Text;
        Content = "{}";
    }

    public Guid Id { get; private set; }

    public Guid ConversationId { get; private set; }

    public Guid ConnectionId { get; private set; }

    public MessageDirection Direction { get; private set; }

    /// <summary>WhatsApp's message id; null for an outbound message not yet accepted.</summary>
    public string? Wamid { get; private set; }

    /// <summary>One of <see cref="MessageTypes"/>.</summary>
    public string Type { get; private set; }

    /// <summary>The readable text: body, caption, button or list title, reaction emoji. Searched by the conversation list.</summary>
    public string? Text { get; private set; }

    /// <summary>The type-specific object as JSON: the inbound payload as WhatsApp sent it, or the outbound request.</summary>
    public string Content { get; private set; }

    /// <summary>The wamid this message replies or reacts to (<c>context.id</c>).</summary>
    public string? ReplyToWamid { get; private set; }

    public string? MediaId { get; private set; }

    public string? MediaMimeType { get; private set; }

    public string? MediaSha256 { get; private set; }

    public string? MediaFileName { get; private set; }

    /// <summary>Where the media file stands; null for a message without media.</summary>
    public MediaStatus? MediaStatus { get; private set; }

    /// <summary>The stored file, once <see cref="MediaStatus"/> is <see cref="Messages.MediaStatus.Available"/>.</summary>
    public Guid? MediaObjectId { get; private set; }

    /// <summary>Download attempts of the media file so far.</summary>
    public int MediaAttempts { get; private set; }

    /// <summary>Why the last download failed, or why the file was quarantined.</summary>
    public string? MediaError { get; private set; }

    /// <summary>
    /// While the media is pending: when its next download attempt is due (a download in flight holds it until its
    /// deadline, as a lease). A pending file long past due has no job left and is queued again by the media sweep.
    /// </summary>
    public DateTimeOffset? MediaNextAttemptAt { get; private set; }

    /// <summary>The click-to-WhatsApp ad or post the customer came from, when the message carried one.</summary>
    public Referral? Referral { get; private set; }

    public MessageStatus Status { get; private set; }

    public string? ErrorCode { get; private set; }

    public string? ErrorTitle { get; private set; }

    /// <summary>The user who sent an outbound message; null for inbound and system messages.</summary>
    public Guid? SenderUserId { get; private set; }

    /// <summary>When the message was sent (WhatsApp's timestamp inbound, the queueing time outbound). Sort key.</summary>
    public DateTimeOffset SentAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? StatusAt { get; private set; }

    /// <summary>Outbox: send attempts so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>Outbox: when the dispatcher may (re)try; null once the message left the outbox.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public static Message Inbound(
        Guid conversationId,
        Guid connectionId,
        string wamid,
        string type,
        string? text,
        string content,
        string? replyToWamid,
        MediaInfo? media,
        DateTimeOffset sentAt,
        DateTimeOffset now,
        Referral? referral = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wamid);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(content);
        return new Message
        {
            Id = Guid.CreateVersion7(now),
            ConversationId = conversationId,
            ConnectionId = connectionId,
            Direction = MessageDirection.Inbound,
            Wamid = wamid,
            Type = type,
            Text = Truncate(text, MaxTextLength),
            Content = content,
            ReplyToWamid = replyToWamid,
            MediaId = media?.Id,
            MediaMimeType = media?.MimeType,
            MediaSha256 = media?.Sha256,
            MediaFileName = media?.FileName,
            MediaStatus = string.IsNullOrEmpty(media?.Id) ? null : Messages.MediaStatus.Pending,
            MediaNextAttemptAt = string.IsNullOrEmpty(media?.Id) ? null : now,
            Referral = referral,
            Status = MessageStatus.Received,
            SentAt = sentAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>An outbound message waiting in the outbox; <paramref name="replyToWamid"/> quotes an earlier message.</summary>
    public static Message Outbound(Guid conversationId, Guid connectionId, string type, string? text, string content, Guid? senderUserId, DateTimeOffset now, string? replyToWamid = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(content);
        return new Message
        {
            Id = Guid.CreateVersion7(now),
            ConversationId = conversationId,
            ConnectionId = connectionId,
            Direction = MessageDirection.Outbound,
            Type = type,
            Text = Truncate(text, MaxTextLength),
            Content = content,
            ReplyToWamid = replyToWamid,
            Status = MessageStatus.Queued,
            SenderUserId = senderUserId,
            SentAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>WhatsApp accepted the message and returned its wamid: it leaves the outbox.</summary>
    public void MarkAccepted(string wamid, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wamid);
        Wamid = wamid;
        Attempts++;
        NextAttemptAt = null;
        ApplyStatus(MessageStatus.Sent, now, null, null, now);
    }

    /// <summary>A transient failure: the outbox tries again at <paramref name="nextAttemptAt"/>.</summary>
    public void ScheduleRetry(DateTimeOffset nextAttemptAt, string errorCode, string? errorTitle, DateTimeOffset now)
    {
        Attempts++;
        NextAttemptAt = nextAttemptAt;
        ErrorCode = errorCode;
        ErrorTitle = Truncate(errorTitle, MaxErrorTitleLength);
        UpdatedAt = now;
    }

    /// <summary>A permanent failure (or retries exhausted): the message leaves the outbox, failed.</summary>
    public void MarkFailed(string errorCode, string? errorTitle, DateTimeOffset now)
    {
        Attempts++;
        NextAttemptAt = null;
        Status = MessageStatus.Failed;
        StatusAt = now;
        ErrorCode = errorCode;
        ErrorTitle = Truncate(errorTitle, MaxErrorTitleLength);
        UpdatedAt = now;
    }

    /// <summary>
    /// Applies a delivery status reported by WhatsApp when it moves the message forwards
    /// (<see cref="MessageStatusOrder"/>); returns false and changes nothing otherwise.
    /// </summary>
    public bool ApplyStatus(MessageStatus status, DateTimeOffset statusAt, string? errorCode, string? errorTitle, DateTimeOffset now)
    {
        if (Direction != MessageDirection.Outbound || !MessageStatusOrder.IsForward(Status, status))
        {
            return false;
        }

        Status = status;
        StatusAt = statusAt;
        if (status == MessageStatus.Failed)
        {
            ErrorCode = errorCode;
            ErrorTitle = Truncate(errorTitle, MaxErrorTitleLength);
        }

        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// Applies the statuses WhatsApp reported for this message's wamid before it was known here, lowest rank first
    /// (so each moves it forwards); true when one applied.
    /// </summary>
    public bool ApplyStatuses(IEnumerable<MessageStatusEvent> events, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        var applied = false;
        foreach (var e in events.Where(e => e.Wamid == Wamid && e.ConnectionId == ConnectionId).OrderBy(e => MessageStatusOrder.Rank(e.Status)).ThenBy(e => e.OccurredAt))
        {
            applied |= ApplyStatus(e.Status, e.OccurredAt, e.ErrorCode, e.ErrorTitle, now);
        }

        return applied;
    }

    /// <summary>The media file was stored and passed every check.</summary>
    public void MarkMediaAvailable(Guid mediaObjectId, DateTimeOffset now)
    {
        MediaAttempts++;
        MediaStatus = Messages.MediaStatus.Available;
        MediaObjectId = mediaObjectId;
        MediaError = null;
        MediaNextAttemptAt = null;
        UpdatedAt = now;
    }

    /// <summary>A download attempt failed; while attempts remain the status stays pending.</summary>
    public void MarkMediaAttemptFailed(string error, bool giveUp, DateTimeOffset now)
    {
        MediaAttempts++;
        MediaError = Truncate(error, MaxMediaErrorLength);
        MediaStatus = giveUp ? Messages.MediaStatus.Failed : Messages.MediaStatus.Pending;
        MediaNextAttemptAt = giveUp ? null : now;
        UpdatedAt = now;
    }

    /// <summary>The next download attempt of pending media is due at <paramref name="at"/> (a retry after backoff).</summary>
    public void ScheduleMediaAttempt(DateTimeOffset at)
    {
        if (MediaStatus == Messages.MediaStatus.Pending)
        {
            MediaNextAttemptAt = at;
        }
    }

    /// <summary>
    /// Pending media whose attempt was due long ago has no download job left (the process stopped between storing the
    /// message and queueing its job, or the job was lost): it is due again now. Answers false for other media.
    /// </summary>
    public bool RequeueStrandedMedia(DateTimeOffset now)
    {
        if (MediaStatus != Messages.MediaStatus.Pending)
        {
            return false;
        }

        MediaNextAttemptAt = now;
        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// An inbound media message stored before media files were downloaded gets a media state: pending and due now,
    /// or failed when WhatsApp no longer keeps the file (<paramref name="keptAtSourceSince"/> is the oldest sent time
    /// WhatsApp still keeps); an administrator may still retry a failed one. Answers false when it already has one.
    /// </summary>
    public bool TrackUntrackedMedia(DateTimeOffset keptAtSourceSince, DateTimeOffset now)
    {
        if (MediaStatus is not null || string.IsNullOrEmpty(MediaId) || Direction != MessageDirection.Inbound)
        {
            return false;
        }

        if (SentAt < keptAtSourceSince)
        {
            MediaStatus = Messages.MediaStatus.Failed;
            MediaError = "expired: WhatsApp keeps media files about 30 days";
            MediaNextAttemptAt = null;
        }
        else
        {
            MediaStatus = Messages.MediaStatus.Pending;
            MediaNextAttemptAt = now;
        }

        UpdatedAt = now;
        return true;
    }

    /// <summary>The bytes failed a check: they are kept aside and never served.</summary>
    public void QuarantineMedia(string reason, DateTimeOffset now)
    {
        MediaAttempts++;
        MediaStatus = Messages.MediaStatus.Quarantined;
        MediaObjectId = null;
        MediaError = Truncate(reason, MaxMediaErrorLength);
        MediaNextAttemptAt = null;
        UpdatedAt = now;
    }

    /// <summary>An administrator retries a failed download: it starts again with a fresh set of attempts.</summary>
    public bool RetryMedia(DateTimeOffset now)
    {
        if (MediaStatus != Messages.MediaStatus.Failed)
        {
            return false;
        }

        MediaStatus = Messages.MediaStatus.Pending;
        MediaAttempts = 0;
        MediaNextAttemptAt = now;
        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// An outbound media message carries a file an agent uploaded: it is linked to the stored file (served like an
    /// inbound one) from the start; the WhatsApp media id comes once the outbox has uploaded it (<see cref="RecordMediaUpload"/>).
    /// </summary>
    public void AttachOutboundMedia(Guid mediaObjectId, string contentType, string sha256, string? fileName, DateTimeOffset now)
    {
        if (Direction != MessageDirection.Outbound || Status != MessageStatus.Queued)
        {
            throw new InvalidOperationException("Only a queued outbound message takes an uploaded file.");
        }

        MediaObjectId = mediaObjectId;
        MediaStatus = Messages.MediaStatus.Available;
        MediaMimeType = contentType;
        MediaSha256 = sha256;
        MediaFileName = Truncate(fileName, 256);
        UpdatedAt = now;
    }

    /// <summary>
    /// WhatsApp took the file of this queued message and named it <paramref name="mediaId"/>: kept, so that a later
    /// attempt sends the message with it and never uploads the file again. False when the message is no longer queued
    /// or already has its media id.
    /// </summary>
    public bool RecordMediaUpload(string mediaId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaId);
        if (Direction != MessageDirection.Outbound || Status != MessageStatus.Queued || MediaObjectId is null || MediaId is not null)
        {
            return false;
        }

        MediaId = mediaId;
        UpdatedAt = now;
        return true;
    }

    private static string? Truncate(string? value, int max) => TextLimit.Cut(value, max);
}

/// <summary>Media metadata of an inbound message (the bytes are fetched separately by media id).</summary>
public sealed record MediaInfo(string? Id, string? MimeType, string? Sha256, string? FileName);
