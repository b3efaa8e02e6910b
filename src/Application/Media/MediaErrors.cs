using System.Globalization;
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

    public static readonly Error UploadEmpty =
        Error.Unprocessable("media.empty", "The uploaded file is empty.");

    public static readonly Error UploadMissing =
        Error.Validation(new Dictionary<string, string[]> { ["file"] = ["Send the file as multipart/form-data in a part named 'file'."] });

    public static readonly Error UploadNotMultipart =
        Error.Unprocessable("media.not_multipart", "Send the file as multipart/form-data (with a boundary) in a part named 'file'.");

    public static readonly Error UploadMalformed =
        Error.Validation(new Dictionary<string, string[]> { ["file"] = ["The multipart/form-data body is malformed."] });

    public static readonly Error UploadNotFound =
        Error.Unprocessable("media.upload_not_found", "No uploaded file with this id exists for the conversation's WhatsApp number; upload it first (POST /api/v1/conversations/{id}/media).");

    public static Error MessageNotFound(Guid id) =>
        Error.NotFound("messages.not_found", $"Message '{id}' does not exist in this conversation.");

    public static Error NotAvailable(Guid id) =>
        Error.NotFound("media.not_available", $"Message '{id}' has no media file that can be served (none, still downloading, failed or quarantined).");

    public static Error ThumbnailNotAvailable(Guid id) =>
        Error.NotFound("media.thumbnail_not_available", $"Message '{id}' has no thumbnail: its media is not an image that is available, or the image could not be decoded within the limits.");

    public static Error UploadTooLarge(long maxBytes) =>
        Error.Unprocessable("media.too_large", string.Create(CultureInfo.InvariantCulture, $"The file is larger than the {maxBytes} bytes this installation accepts (MEDIA_MAX_BYTES)."));

    public static Error UploadTypeNotAllowed(string contentType) =>
        Error.Unprocessable("media.type_not_allowed", $"Files of type '{contentType}' (read from the file's content, not its name) are not accepted here.");

    public static Error NotSendable(string contentType, long size) =>
        Error.Unprocessable("media.not_sendable", string.Create(CultureInfo.InvariantCulture, $"WhatsApp accepts a file of type '{contentType}' and {size} bytes as none of its media types: ") + SendableSummary);

    /// <summary>What WhatsApp accepts, in one sentence.</summary>
    private const string SendableSummary =
        "images are JPEG or PNG up to 5 MB; audio AAC, AMR, MP3, M4A or Ogg Opus up to 16 MB; video MP4 or 3GPP up to 16 MB; "
        + "documents PDF, text, Word, Excel or PowerPoint up to 100 MB; stickers WebP up to 100 KB (500 KB animated).";

    public static Error FormatNotAccepted(string type, string contentType, IEnumerable<string> formats) =>
        Error.Unprocessable("media.format_not_accepted", $"WhatsApp does not accept a file of type '{contentType}' as {type}; it accepts {string.Join(", ", formats)}.");

    public static Error TooLargeForType(string type, string contentType, long size, long maxBytes, bool animated) =>
        Error.Unprocessable("media.too_large_for_type", string.Create(CultureInfo.InvariantCulture,
            $"WhatsApp accepts {(animated ? "an animated " : string.Empty)}{type} of type '{contentType}' up to {maxBytes} bytes; this file has {size}."));
}
