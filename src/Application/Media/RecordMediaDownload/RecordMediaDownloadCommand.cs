using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Media.RecordMediaDownload;

/// <summary>
/// Records what became of one download attempt of an inbound message's media file: stored (the file is linked to
/// the message through its content-addressed <see cref="Domain.Media.MediaObject"/>, created when new), quarantined
/// (a check failed), or failed (retried with backoff while attempts remain, then marked failed). A message whose
/// media is no longer pending is left alone. Sent by the media download job as the system actor
/// <c>job:media-download</c>.
/// </summary>
[SystemOnly]
public sealed record RecordMediaDownloadCommand(Guid MessageId, MediaDownloadOutcome Outcome) : ICommand<Result<MediaDownloadRecorded>>, IAuditTarget
{
    public string AuditTargetType => MediaErrors.TargetType;

    public string? AuditTargetId => MessageId.ToString();
}

public enum MediaDownloadOutcomeKind
{
    Stored = 1,
    Quarantined = 2,
    Failed = 3,
}

/// <summary>One attempt's outcome: for a stored file its digest, size, sniffed type, key and encryption key id; otherwise the reason.</summary>
public sealed record MediaDownloadOutcome(
    MediaDownloadOutcomeKind Kind,
    string? Sha256 = null,
    long Size = 0,
    string? ContentType = null,
    string? StorageKey = null,
    string? KeyId = null,
    string? Reason = null,
    bool Retryable = false)
{
    public static MediaDownloadOutcome Stored(string sha256, long size, string contentType, string storageKey, string? keyId) =>
        new(MediaDownloadOutcomeKind.Stored, sha256, size, contentType, storageKey, keyId);

    public static MediaDownloadOutcome Quarantined(string reason) => new(MediaDownloadOutcomeKind.Quarantined, Reason: reason);

    public static MediaDownloadOutcome Failed(string reason, bool retryable) => new(MediaDownloadOutcomeKind.Failed, Reason: reason, Retryable: retryable);
}

/// <summary>Where the media stands now, and when to try again (null: no further attempt).</summary>
public sealed record MediaDownloadRecorded(bool Recorded, MediaStatus? Status, int Attempts, TimeSpan? RetryIn);
