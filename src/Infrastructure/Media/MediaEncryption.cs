using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WhatsSuite.Infrastructure.Media;

/// <summary>
/// Chunked AES-256-GCM for media files at rest, so that no file is ever whole in memory and a range can be read
/// without decrypting what comes before it. A file is a 24-byte header — <c>WSME</c>, version 1, the key id
/// (8 hex digits, the first of SHA-256 of the key, as for encrypted columns), the chunk size (big-endian) and a
/// random 7-byte nonce prefix — then the chunks: <see cref="ChunkSize"/> bytes of plaintext each (the last one
/// shorter, possibly empty), encrypted with the nonce <c>prefix | chunk index (big-endian) | last flag</c> and the
/// header as associated data, each followed by its 16-byte tag. Reordered, truncated, extended or altered files
/// fail to decrypt.
/// </summary>
public static class MediaEncryption
{
    public const int ChunkSize = 64 * 1024;
    public const int TagBytes = 16;
    public const int HeaderBytes = 24;
    private const int NoncePrefixBytes = 7;
    private static readonly byte[] Magic = "WSME"u8.ToArray();

    /// <summary>Whether <paramref name="head"/> starts like an encrypted media file.</summary>
    public static bool IsEncrypted(ReadOnlySpan<byte> head) => head.Length >= HeaderBytes && head.StartsWith(Magic) && head[4] == 1;

    /// <summary>The key id in an encrypted file's header.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> header) => Encoding.ASCII.GetString(header.Slice(5, 8));

    /// <summary>A stream that reads <paramref name="plaintext"/> and yields the encrypted file.</summary>
    public static Stream Encrypt(Stream plaintext, byte[] key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(keyId);
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        header[4] = 1;
        if (Encoding.ASCII.GetBytes(keyId, header.AsSpan(5, 8)) != 8)
        {
            throw new ArgumentException("A key id is 8 characters.", nameof(keyId));
        }

        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(13, 4), ChunkSize);
        RandomNumberGenerator.Fill(header.AsSpan(17, NoncePrefixBytes));
        return new EncryptingStream(plaintext, key, header);
    }

    /// <summary>The offset in the encrypted file of the chunk holding plaintext byte <paramref name="offset"/>, and that chunk's index.</summary>
    public static (long CipherOffset, long ChunkIndex, int Skip) Locate(long offset)
    {
        var index = offset / ChunkSize;
        return (HeaderBytes + (index * (ChunkSize + TagBytes)), index, (int)(offset % ChunkSize));
    }

    /// <summary>
    /// A stream of plaintext from <paramref name="cipher"/>, which is positioned at the start of chunk
    /// <paramref name="chunkIndex"/> of the file whose <paramref name="header"/> is given; the first
    /// <paramref name="skip"/> plaintext bytes are dropped.
    /// </summary>
    public static Stream Decrypt(Stream cipher, byte[] key, byte[] header, long chunkIndex, int skip)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(header);
        if (!IsEncrypted(header) || BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(13, 4)) != ChunkSize)
        {
            throw new CryptographicException("The file is not an encrypted media file of a known format.");
        }

        return new DecryptingStream(cipher, key, header, chunkIndex, skip);
    }

    private static void Nonce(byte[] header, long index, bool last, Span<byte> nonce)
    {
        header.AsSpan(17, NoncePrefixBytes).CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(NoncePrefixBytes, 4), checked((uint)index));
        nonce[11] = last ? (byte)1 : (byte)0;
    }

    private static async Task<int> FillAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Base for the two read-only, forward-only transforms: fills an output buffer one chunk at a time.</summary>
    private abstract class ChunkStream : Stream
    {
        private byte[] _output = [];
        private int _outputOffset;
        private int _outputLength;
        private bool _done;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_outputOffset >= _outputLength)
            {
                if (_done)
                {
                    return 0;
                }

                (_output, _outputLength, _done) = await NextAsync(cancellationToken);
                _outputOffset = 0;
            }

            var take = Math.Min(buffer.Length, _outputLength - _outputOffset);
            _output.AsMemory(_outputOffset, take).CopyTo(buffer);
            _outputOffset += take;
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        /// <summary>The next piece of output, its length, and whether it is the last.</summary>
        protected abstract ValueTask<(byte[] Output, int Length, bool Last)> NextAsync(CancellationToken cancellationToken);
    }

    private sealed class EncryptingStream(Stream plaintext, byte[] key, byte[] header) : ChunkStream
    {
        private readonly AesGcm _aes = new(key, TagBytes);
        private readonly byte[] _plain = new byte[ChunkSize];
        private readonly byte[] _cipher = new byte[ChunkSize + TagBytes];
        private bool _headerSent;
        private long _index;

        protected override async ValueTask<(byte[] Output, int Length, bool Last)> NextAsync(CancellationToken cancellationToken)
        {
            if (!_headerSent)
            {
                _headerSent = true;
                return (header, header.Length, false);
            }

            var read = await FillAsync(plaintext, _plain, cancellationToken);
            var last = read < ChunkSize;
            Span<byte> nonce = stackalloc byte[12];
            Nonce(header, _index++, last, nonce);
            _aes.Encrypt(nonce, _plain.AsSpan(0, read), _cipher.AsSpan(0, read), _cipher.AsSpan(read, TagBytes), header);
            return (_cipher, read + TagBytes, last);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _aes.Dispose();
                plaintext.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class DecryptingStream(Stream cipher, byte[] key, byte[] header, long chunkIndex, int skip) : ChunkStream
    {
        private readonly AesGcm _aes = new(key, TagBytes);
        private readonly byte[] _cipher = new byte[ChunkSize + TagBytes];
        private readonly byte[] _plain = new byte[ChunkSize];
        private long _index = chunkIndex;
        private int _skip = skip;

        protected override async ValueTask<(byte[] Output, int Length, bool Last)> NextAsync(CancellationToken cancellationToken)
        {
            var read = await FillAsync(cipher, _cipher, cancellationToken);
            if (read < TagBytes)
            {
                throw new CryptographicException("The encrypted media file is truncated.");
            }

            var last = read < _cipher.Length;
            var length = read - TagBytes;
            byte[] nonce = new byte[12];
            Nonce(header, _index++, last, nonce);
            _aes.Decrypt(nonce, _cipher.AsSpan(0, length), _cipher.AsSpan(length, TagBytes), _plain.AsSpan(0, length), header);
            var skipNow = Math.Min(_skip, length);
            _skip -= skipNow;
            if (skipNow > 0)
            {
                Buffer.BlockCopy(_plain, skipNow, _plain, 0, length - skipNow);
            }

            return (_plain, length - skipNow, last);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _aes.Dispose();
                cipher.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
