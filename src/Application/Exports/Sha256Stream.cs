using System.Security.Cryptography;

namespace WhatsSuite.Application.Exports;

/// <summary>
/// Passes bytes through to or from another stream while computing their SHA-256 and counting them: written to a file
/// being stored (<see cref="ForWriting"/>), or read from a stored file and checked against the recorded hash at its end
/// (<see cref="ForReading"/>: the last read throws <see cref="InvalidDataException"/> when the file is not the one that
/// was recorded, so a download of a changed file fails instead of completing).
/// </summary>
public sealed class Sha256Stream : Stream
{
    private readonly Stream _inner;
    private readonly bool _writing;
    private readonly string? _expected;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _verified;

    private Sha256Stream(Stream inner, bool writing, string? expected)
    {
        _inner = inner;
        _writing = writing;
        _expected = expected;
    }

    /// <summary>The bytes that passed so far.</summary>
    public long Count { get; private set; }

    public override bool CanRead => !_writing;

    public override bool CanSeek => false;

    public override bool CanWrite => _writing;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>A stream writing to <paramref name="inner"/> (left open) that hashes what is written.</summary>
    public static Sha256Stream ForWriting(Stream inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new Sha256Stream(inner, writing: true, expected: null);
    }

    /// <summary>A stream reading <paramref name="inner"/> (disposed with it) that checks it against <paramref name="expectedSha256"/> at its end.</summary>
    public static Sha256Stream ForReading(Stream inner, string expectedSha256)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedSha256);
        return new Sha256Stream(inner, writing: false, expectedSha256);
    }

    /// <summary>The SHA-256 (lowercase hex) of the bytes that passed; call once, at the end.</summary>
    public string HashHex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureWriting();
        _inner.Write(buffer);
        _hash.AppendData(buffer);
        Count += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureWriting();
        await _inner.WriteAsync(buffer, cancellationToken);
        _hash.AppendData(buffer.Span);
        Count += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        EnsureReading();
        var read = _inner.Read(buffer);
        return Passed(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureReading();
        var read = await _inner.ReadAsync(buffer, cancellationToken);
        return Passed(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        if (_writing)
        {
            _inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _writing ? _inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!_writing)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        if (!_writing)
        {
            await _inner.DisposeAsync();
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private int Passed(ReadOnlySpan<byte> read)
    {
        if (read.Length > 0)
        {
            _hash.AppendData(read);
            Count += read.Length;
        }
        else if (!_verified)
        {
            _verified = true;
            if (!string.Equals(HashHex(), _expected, StringComparison.Ordinal))
            {
                throw new InvalidDataException("The stored export file does not match its recorded SHA-256.");
            }
        }

        return read.Length;
    }

    private void EnsureWriting()
    {
        if (!_writing)
        {
            throw new NotSupportedException("This stream only reads.");
        }
    }

    private void EnsureReading()
    {
        if (_writing)
        {
            throw new NotSupportedException("This stream only writes.");
        }
    }
}
