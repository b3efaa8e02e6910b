using System.Security.Cryptography;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Media;

/// <summary>
/// The media store: <see cref="IMediaBlobStore"/> with chunked AES-256-GCM (<see cref="MediaEncryption"/>) when
/// <c>MEDIA_ENCRYPTION_ENABLED</c>. New files are encrypted under the current key; a file names its key in its
/// header, so files under an old key (<c>MEDIA_ENCRYPTION_OLD_KEYS</c>) stay readable, and plaintext files written
/// while encryption was off are read as they are.
/// </summary>
public sealed class MediaStore(IMediaBlobStore blobs, MediaSettings settings) : IMediaStore
{
    public string? CurrentKeyId => settings.EncryptionEnabled ? settings.CurrentKeyId : null;

    public async Task<string?> WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!settings.EncryptionEnabled)
        {
            await blobs.WriteAsync(key, content, cancellationToken);
            return null;
        }

        var keyId = settings.CurrentKeyId;
        await using var encrypted = MediaEncryption.Encrypt(new NonClosing(content), settings.CurrentKey, keyId);
        await blobs.WriteAsync(key, encrypted, cancellationToken);
        return keyId;
    }

    public async Task<Stream?> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var raw = await blobs.OpenReadAsync(key, 0, cancellationToken);
        if (raw is null)
        {
            return null;
        }

        var header = new byte[MediaEncryption.HeaderBytes];
        var read = await raw.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < header.Length || !MediaEncryption.IsEncrypted(header))
        {
            await raw.DisposeAsync();
            return await blobs.OpenReadAsync(key, offset, cancellationToken);
        }

        var keyId = MediaEncryption.KeyIdOf(header);
        if (!settings.Keys.TryGetValue(keyId, out var fileKey))
        {
            await raw.DisposeAsync();
            throw new CryptographicException($"No media encryption key with id {keyId}; add it to MEDIA_ENCRYPTION_OLD_KEYS.");
        }

        var (cipherOffset, chunkIndex, skip) = MediaEncryption.Locate(offset);
        if (cipherOffset != MediaEncryption.HeaderBytes)
        {
            await raw.DisposeAsync();
            raw = await blobs.OpenReadAsync(key, cipherOffset, cancellationToken)
                ?? throw new FileNotFoundException("The media file disappeared while it was being opened.", key);
        }

        return MediaEncryption.Decrypt(raw, fileKey, header, chunkIndex, skip);
    }

    public Task MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken) => blobs.MoveAsync(fromKey, toKey, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => blobs.DeleteAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => blobs.ExistsAsync(key, cancellationToken);

    /// <summary>Keeps the caller's stream open when the encrypting stream over it is disposed.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
