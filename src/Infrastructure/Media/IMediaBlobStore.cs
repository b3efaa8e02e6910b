namespace WhatsSuite.Infrastructure.Media;

/// <summary>
/// Raw bytes under keys (<see cref="Application.Media.MediaKeys"/>): the local file system or S3-compatible object
/// storage. <see cref="MediaStore"/> encrypts and decrypts on top of it.
/// </summary>
public interface IMediaBlobStore
{
    /// <summary>Writes the stream to its end under the key, replacing any file there; nothing is left under the key when it throws.</summary>
    Task WriteAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>The bytes from <paramref name="offset"/> on; null when there is no such file.</summary>
    Task<Stream?> OpenReadAsync(string key, long offset, CancellationToken cancellationToken);

    Task MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);
}
