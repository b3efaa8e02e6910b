using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Media;

/// <summary>The errors of the media use cases, with stable codes.</summary>
public static class MediaErrors
{
    /// <summary>The audit target type of a message's media file.</summary>
    public const string TargetType = "message";

    /// <summary>The audit target type of the media encryption key (its id) in a key rotation.</summary>
    public const string KeyTargetType = "media-key";

    public static readonly Error EncryptionDisabled =
        Error.Conflict("media.encryption_disabled", "Media encryption is off (MEDIA_ENCRYPTION_ENABLED=false): there is no key to re-encrypt media files under.");

    public static readonly Error NotFailed =
        Error.Conflict("media.not_failed", "Only a media download that failed can be retried.");

    public static readonly Error LinkInvalid =
        Error.Forbidden("media.link_invalid", "The media link is not valid: it was changed, or its session has ended.");

    public static readonly Error LinkExpired =
        Error.Forbidden("media.link_expired", "The media link has expired; ask for a new one.");

    public static Error MessageNotFound(Guid id) =>
        Error.NotFound("messages.not_found", $"Message '{id}' does not exist in this conversation.");

    public static Error NotAvailable(Guid id) =>
        Error.NotFound("media.not_available", $"Message '{id}' has no media file that can be served (none, still downloading, failed or quarantined).");
}
