namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Where media files live (the local file system or S3-compatible object storage), encrypted at rest when media
/// encryption is on. Keys are relative paths of lowercase letters, digits, dashes and slashes
/// (<see cref="Media.MediaKeys"/>); every read and write is streamed, never a whole file in memory.
/// </summary>
public interface IMediaStore
{
    /// <summary>The id of the key new files are encrypted under; null when media encryption is off.</summary>
    string? CurrentKeyId { get; }

    /// <summary>
    /// Writes <paramref name="content"/> under <paramref name="key"/> (replacing any file there), reading it to its
    /// end; returns the id of the key it was encrypted under (null: plaintext). Nothing is left under the key when
    /// reading the content throws.
    /// </summary>
    Task<string?> WriteAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>The plaintext of the file from byte <paramref name="offset"/> on; null when there is no such file.</summary>
    Task<Stream?> OpenReadAsync(string key, long offset, CancellationToken cancellationToken);

    /// <summary>Moves a file to another key (replacing any file there).</summary>
    Task MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken);

    /// <summary>Deletes a file; a missing file is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Starts the download of an inbound message's media file in the background, now or after a delay (a retry).</summary>
public interface IMediaDownloads
{
    void Enqueue(Guid messageId);

    void Schedule(Guid messageId, TimeSpan delay);
}

/// <summary>Queues the batches of the media key rotation in the background (each batch queues the next).</summary>
public interface IMediaKeyRotations
{
    /// <summary>Starts re-encrypting the <paramref name="total"/> files not under <paramref name="keyId"/>.</summary>
    void Start(string keyId, int total);

    /// <summary>Queues the next batch: <paramref name="skipped"/> files were missing from storage, <paramref name="done"/> re-encrypted.</summary>
    void Continue(string keyId, int skipped, int done, int total);
}

/// <summary>Small previews of stored images, kept encrypted next to them (<see cref="Media.MediaKeys.Thumbnail"/>).</summary>
public interface IMediaThumbnails
{
    /// <summary>
    /// Makes and stores the thumbnail of the stored file at <paramref name="storageKey"/>; false when its type has none,
    /// or it cannot be decoded within the limits (a decompression bomb, a broken file). Never throws for a bad image.
    /// </summary>
    Task<bool> CreateAsync(string storageKey, string contentType, CancellationToken cancellationToken);

    /// <summary>Whether files of <paramref name="contentType"/> get a thumbnail.</summary>
    bool Supports(string contentType);
}
