using System.Security.Cryptography;

namespace WhatsSuite.Application.Media;

/// <summary>
/// A read-only pass-through over a media file as it streams to storage: it hashes the bytes (SHA-256), counts them,
/// keeps the first <see cref="MediaSniffer.HeadLength"/> for sniffing, and throws <see cref="MediaTooLargeException"/>
/// as soon as more than <c>maxBytes</c> have been read, so an oversized file is abandoned early, not read to its end.
/// </summary>
public sealed class MediaInspectionStream(Stream inner, long maxBytes) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _head = new byte[MediaSniffer.HeadLength];
    private int _headLength;
    private byte[]? _digest;

    /// <summary>Bytes read so far.</summary>
    public long Length64 { get; private set; }

    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Length64;
        set => throw new NotSupportedException();
    }

    /// <summary>SHA-256 of everything read, lowercase hex (call once the stream was read to its end).</summary>
    public string Sha256Hex()
    {
        _digest ??= _hash.GetHashAndReset();
        return Convert.ToHexStringLower(_digest);
    }

    /// <summary>Whether <paramref name="declared"/> (hex or base64, as WhatsApp sends either) is the digest of the bytes read.</summary>
    public bool MatchesDeclared(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared))
        {
            return true;
        }

        var hex = Sha256Hex();
        var digest = Convert.FromHexString(hex);
        declared = declared.Trim();
        if (declared.Length == 64 && declared.All(char.IsAsciiHexDigit))
        {
            return string.Equals(declared, hex, StringComparison.OrdinalIgnoreCase);
        }

        var buffer = new byte[48];
        return Convert.TryFromBase64String(declared, buffer, out var written) && buffer.AsSpan(0, written).SequenceEqual(digest);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Observe(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Observe(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_headLength < _head.Length)
        {
            var take = Math.Min(_head.Length - _headLength, data.Length);
            data[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
        }

        Length64 += data.Length;
        if (Length64 > maxBytes)
        {
            throw new MediaTooLargeException(maxBytes);
        }

        _hash.AppendData(data);
    }
}

/// <summary>A media file passed the size limit while it was being read.</summary>
public sealed class MediaTooLargeException(long maxBytes) : IOException($"The file is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
