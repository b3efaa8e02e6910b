using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Archives;

namespace WhatsSuite.Application.Archives;

/// <summary>
/// Reads an archive file (gzip of JSON lines, ADR 0033) row by row while computing the SHA-256 of the bytes read: the
/// caller learns at the end whether what it read is the file that was recorded, and discards it (or rolls back) when not.
/// </summary>
public static class ArchiveFiles
{
    /// <summary>What reading a file found.</summary>
    public enum Verdict
    {
        Intact,
        Missing,
        ChecksumMismatch,
    }

    /// <summary>
    /// Streams the rows of <paramref name="archive"/>'s file to <paramref name="onRow"/> (table and row, the header line
    /// left out) and answers whether the bytes read match the recorded SHA-256. Rows handed over before a mismatch is
    /// known are not to be trusted: the caller keeps nothing of them unless the verdict is <see cref="Verdict.Intact"/>.
    /// </summary>
    public static async Task<Verdict> ReadAsync(IArchiveStore store, HistoryArchive archive, Func<string, JsonElement, ValueTask> onRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(onRow);
        await using var file = await store.OpenReadAsync(archive.FileName, cancellationToken);
        if (file is null)
        {
            return Verdict.Missing;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var hashing = new HashingStream(file, hash);
        try
        {
            await using var gzip = new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            var header = true;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (header)
                {
                    header = false;
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                await onRow(root.GetProperty("table").GetString() ?? string.Empty, root.GetProperty("row"));
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A file that is no longer a gzip of JSON lines is not the recorded one.
            return Verdict.ChecksumMismatch;
        }

        // Whatever the decompressor left unread counts too.
        await hashing.CopyToAsync(Stream.Null, cancellationToken);
        return Convert.ToHexStringLower(hash.GetHashAndReset()) == archive.Sha256 ? Verdict.Intact : Verdict.ChecksumMismatch;
    }

    /// <summary>A read-only stream that adds every byte read to a hash.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
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

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            hash.AppendData(buffer, offset, read);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            hash.AppendData(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
