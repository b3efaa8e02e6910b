namespace WhatsSuite.Domain.Media;

/// <summary>
/// One stored file, content-addressed: unique per (connection, SHA-256 of the plaintext), so the same file received
/// twice on a connection is stored once. <see cref="StorageKey"/> names it in the media store; <see cref="KeyId"/>
/// is the id of the media encryption key it is encrypted under (null when stored in plaintext). Messages point at it
/// (<c>messages.media_object_id</c>); retention walks this table to delete the files of deleted messages, and the
/// unreferenced-media sweep deletes the objects no message references (uploads never sent) after a grace period.
/// </summary>
public sealed class MediaObject
{
    public const int Sha256HexLength = 64;
    public const int MaxStorageKeyLength = 300;
    public const int MaxContentTypeLength = 128;
    public const int KeyIdLength = 8;

    private MediaObject()
    {
        Sha256 = string.Empty;
        StorageKey = string.Empty;
        ContentType = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ConnectionId { get; private set; }

    /// <summary>SHA-256 of the plaintext, lowercase hex.</summary>
    public string Sha256 { get; private set; }

    public string StorageKey { get; private set; }

    /// <summary>The plaintext size in bytes.</summary>
    public long Size { get; private set; }

    /// <summary>The type sniffed from the file's first bytes (never the one the sender declared).</summary>
    public string ContentType { get; private set; }

    /// <summary>The media encryption key the file is encrypted under; null when stored in plaintext.</summary>
    public string? KeyId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// When the file was last stored, re-encrypted or reused (an upload or a download of the same bytes): an object no
    /// message references is deleted by the unreferenced-media sweep once this is older than its grace period.
    /// </summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    public static MediaObject Create(Guid connectionId, string sha256, string storageKey, long size, string contentType, string? keyId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        ArgumentException.ThrowIfNullOrWhiteSpace(storageKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new MediaObject
        {
            Id = Guid.CreateVersion7(now),
            ConnectionId = connectionId,
            Sha256 = sha256,
            StorageKey = storageKey,
            Size = size,
            ContentType = contentType,
            KeyId = keyId,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>The file was rewritten under another encryption key (or in plaintext).</summary>
    public void ReEncrypted(string? keyId, DateTimeOffset now)
    {
        KeyId = keyId;
        UpdatedAt = now;
    }
}
