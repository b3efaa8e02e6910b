namespace WhatsSuite.Domain.Exports;

/// <summary>Where a background conversation export is in its life (ADR 0042).</summary>
public enum ConversationExportStatus
{
    /// <summary>Recorded and waiting for its job.</summary>
    Queued,

    /// <summary>Its job is writing the file.</summary>
    Running,

    /// <summary>The file is stored and may be downloaded until it expires.</summary>
    Completed,

    /// <summary>No file: the requester may no longer export, or writing failed (<see cref="ConversationExportFile.FailureReason"/>).</summary>
    Failed,

    /// <summary>The file was removed after the retention period; the row stays as a record.</summary>
    Expired,
}

/// <summary>
/// A filtered conversation export too large to answer in the request (ADR 0042): who asked, the filters and format as
/// asked, and what the background job made of it: a gzip file in the archive store with its SHA-256, size and counts,
/// or the reason it failed; kept until <see cref="ExpiresAt"/>, then the file is removed and the row marked expired.
/// </summary>
public sealed class ConversationExportFile
{
    public const int MaxFormatLength = 8;
    public const int MaxPhoneLength = 32;
    public const int MaxConversationStatusLength = 16;
    public const int MaxTimeZoneLength = 64;
    public const int MaxOriginLength = 512;
    public const int MaxFileNameLength = 256;
    public const int MaxFailureReasonLength = 64;
    public const int Sha256HexLength = 64;

    private ConversationExportFile()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The user who asked; the job exports what this user sees when it runs.</summary>
    public Guid RequestedBy { get; private set; }

    /// <summary><c>json</c>, <c>csv</c> or <c>html</c>.</summary>
    public string Format { get; private set; } = string.Empty;

    /// <summary>The contact's phone number filter, as asked.</summary>
    public string? Phone { get; private set; }

    public Guid? QueueId { get; private set; }

    /// <summary>The conversation status filter (<c>UNASSIGNED</c>, <c>OPEN</c>, <c>CLOSED</c>).</summary>
    public string? ConversationStatus { get; private set; }

    /// <summary>First local day of messages (inclusive) in <see cref="TimeZone"/>.</summary>
    public DateOnly? From { get; private set; }

    /// <summary>Last local day of messages (inclusive) in <see cref="TimeZone"/>.</summary>
    public DateOnly? To { get; private set; }

    /// <summary>The IANA zone of <see cref="From"/> and <see cref="To"/>; null for UTC.</summary>
    public string? TimeZone { get; private set; }

    /// <summary>The origin the export was asked at: the start of the media links it holds.</summary>
    public string Origin { get; private set; } = string.Empty;

    public ConversationExportStatus Status { get; private set; }

    /// <summary>The conversations the filter matched when the export was asked.</summary>
    public int MatchedConversations { get; private set; }

    /// <summary>The conversations and messages written to the file.</summary>
    public int? Conversations { get; private set; }

    public int? Messages { get; private set; }

    /// <summary>The file's name in the archive store (a gzip).</summary>
    public string? FileName { get; private set; }

    /// <summary>Size of the stored (compressed) file in bytes.</summary>
    public long? Bytes { get; private set; }

    /// <summary>SHA-256 (lowercase hex) of the stored file.</summary>
    public string? Sha256 { get; private set; }

    /// <summary>Why a failed export has no file (a code such as <c>requester_inactive</c>).</summary>
    public string? FailureReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>When a completed export's file is removed.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>True while the export waits for or runs its job (it counts against the requester's pending exports).</summary>
    public bool IsPending => Status is ConversationExportStatus.Queued or ConversationExportStatus.Running;

    public static ConversationExportFile Queue(
        Guid requestedBy,
        string format,
        string? phone,
        Guid? queueId,
        string? conversationStatus,
        DateOnly? from,
        DateOnly? to,
        string? timeZone,
        string origin,
        int matchedConversations,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(format.Length, MaxFormatLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(origin.Length, MaxOriginLength);
        ArgumentOutOfRangeException.ThrowIfNegative(matchedConversations);
        return new ConversationExportFile
        {
            Id = Guid.CreateVersion7(now),
            RequestedBy = requestedBy,
            Format = format,
            Phone = phone,
            QueueId = queueId,
            ConversationStatus = conversationStatus,
            From = from,
            To = to,
            TimeZone = timeZone,
            Origin = origin,
            MatchedConversations = matchedConversations,
            Status = ConversationExportStatus.Queued,
            CreatedAt = now,
        };
    }

    /// <summary>
    /// Marks the export running; false when it is already finished (a job run twice does nothing). A running export
    /// may start again: its previous run stopped (the process ended) before it finished.
    /// </summary>
    public bool Start(DateTimeOffset now)
    {
        if (!IsPending)
        {
            return false;
        }

        Status = ConversationExportStatus.Running;
        StartedAt = now;
        return true;
    }

    public void Complete(string fileName, int conversations, int messages, long bytes, string sha256, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentOutOfRangeException.ThrowIfNotEqual(sha256.Length, Sha256HexLength);
        if (Status != ConversationExportStatus.Running)
        {
            throw new InvalidOperationException($"Only a running export completes; this one is {Status}.");
        }

        Status = ConversationExportStatus.Completed;
        FileName = fileName;
        Conversations = conversations;
        Messages = messages;
        Bytes = bytes;
        Sha256 = sha256;
        FinishedAt = now;
        ExpiresAt = expiresAt;
    }

    public void Fail(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reason.Length, MaxFailureReasonLength);
        Status = ConversationExportStatus.Failed;
        FailureReason = reason;
        FileName = null;
        FinishedAt = now;
    }

    /// <summary>Marks a completed export expired once its file is removed.</summary>
    public void Expire()
    {
        if (Status != ConversationExportStatus.Completed)
        {
            throw new InvalidOperationException($"Only a completed export expires; this one is {Status}.");
        }

        Status = ConversationExportStatus.Expired;
        FileName = null;
    }
}
