using System.Globalization;

namespace WhatsSuite.Application.Media;

/// <summary>
/// The storage keys of media files. Stored files are content-addressed per connection
/// (<c>media/{connection}/{sha[0..2]}/{sha}</c>); a download is written under <c>incoming/</c> first and moved
/// once checked; bytes that failed a check go under <c>quarantine/</c>, which nothing serves. Keys are built only
/// from ids and hex digests, never from a name a sender chose.
/// </summary>
public static class MediaKeys
{
    public static string Stored(Guid connectionId, string sha256Hex)
    {
        ArgumentNullException.ThrowIfNull(sha256Hex);
        if (sha256Hex.Length != 64 || !sha256Hex.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("A SHA-256 digest in lowercase hex is expected.", nameof(sha256Hex));
        }

        return string.Create(CultureInfo.InvariantCulture, $"media/{connectionId:N}/{sha256Hex[..2]}/{sha256Hex}");
    }

    /// <summary>
    /// The thumbnail of the stored file at <paramref name="storedKey"/>: the same path under <c>thumb/</c> instead of
    /// <c>media/</c>, so a retention job that deletes a file finds its thumbnail from the key in <c>media_objects</c>.
    /// </summary>
    public static string Thumbnail(string storedKey)
    {
        ArgumentNullException.ThrowIfNull(storedKey);
        if (!storedKey.StartsWith(StoredPrefix, StringComparison.Ordinal) || !IsValid(storedKey))
        {
            throw new ArgumentException("A stored media key is expected.", nameof(storedKey));
        }

        return ThumbnailPrefix + storedKey[StoredPrefix.Length..];
    }

    private const string StoredPrefix = "media/";
    private const string ThumbnailPrefix = "thumb/";

    public static string Incoming(Guid messageId) => string.Create(CultureInfo.InvariantCulture, $"incoming/{messageId:N}-{Guid.NewGuid():N}");

    public static string Quarantine(Guid connectionId, Guid messageId) => string.Create(CultureInfo.InvariantCulture, $"quarantine/{connectionId:N}/{messageId:N}");

    /// <summary>Whether <paramref name="key"/> is a well-formed key: segments of [a-z0-9-], separated by single slashes.</summary>
    public static bool IsValid(string key) =>
        !string.IsNullOrEmpty(key)
        && key.Length <= Domain.Media.MediaObject.MaxStorageKeyLength
        && key.Split('/').All(segment => segment.Length > 0 && segment.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
}
