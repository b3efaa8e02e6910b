namespace WhatsSuite.Application.Media;

/// <summary>
/// The checks a downloaded or uploaded file must pass before it is served: the declared SHA-256 matches, and the
/// type sniffed from its first bytes is in the allow-list (the size limit is enforced while reading, by
/// <see cref="MediaInspectionStream"/>). A failed check is a quarantine reason.
/// </summary>
public static class MediaChecks
{
    public const string ChecksumMismatch = "checksum_mismatch";
    public const string TypeNotAllowed = "type_not_allowed";
    public const string TooLarge = "too_large";
    public const string Empty = "empty";

    /// <summary>The sniffed type and null, or the sniffed type and why the file must be quarantined.</summary>
    public static (string ContentType, string? Rejection) Evaluate(MediaInspectionStream inspector, string? declaredSha256, string? declaredMimeType, MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(inspector);
        ArgumentNullException.ThrowIfNull(options);
        var contentType = MediaSniffer.Sniff(inspector.Head, declaredMimeType);
        if (inspector.Length64 == 0)
        {
            return (contentType, Empty);
        }

        if (!inspector.MatchesDeclared(declaredSha256))
        {
            return (contentType, ChecksumMismatch);
        }

        return options.IsAllowed(contentType) ? (contentType, null) : (contentType, $"{TypeNotAllowed}: {contentType}");
    }
}
