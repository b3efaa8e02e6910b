namespace WhatsSuite.Application.Media;

/// <summary>The media rules, read once at start-up (<c>MEDIA_*</c> settings).</summary>
public sealed class MediaOptions
{
    /// <summary><c>MEDIA_MAX_BYTES</c>: a larger file is refused (inbound: quarantined as soon as the limit is passed).</summary>
    public long MaxBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary><c>MEDIA_ALLOWED_MIME_PREFIXES</c>: a sniffed type must start with one of these to be stored and served.</summary>
    public IReadOnlyList<string> AllowedMimePrefixes { get; init; } = [];

    /// <summary><c>MEDIA_DOWNLOAD_MAX_ATTEMPTS</c>: download attempts before a media file is marked failed.</summary>
    public int DownloadMaxAttempts { get; init; } = 6;

    /// <summary><c>MEDIA_SIGNED_URL_TTL</c>: how long a signed media link is valid.</summary>
    public TimeSpan SignedUrlLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>MEDIA_UNREFERENCED_GRACE</c>: how long a stored file no message references (an upload never sent) is kept
    /// after it was last stored or reused before the unreferenced-media sweep deletes it.
    /// </summary>
    public TimeSpan UnreferencedGrace { get; init; } = TimeSpan.FromHours(24);

    public bool IsAllowed(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        return AllowedMimePrefixes.Any(prefix => contentType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
