using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SkiaSharp;

namespace WhatsSuite.Bench.Media;

/// <summary>
/// The bytes of every benchmark media file, generated on the fly from its media id (<c>{prefix}-{size}-{n}</c>): a
/// small real JPEG (so the sniffer sees an image and the thumbnail path runs), a line naming the media id (so every
/// file, and its SHA-256, is distinct), then a fixed pseudo-random 1 MiB block repeated up to the size. Nothing holds a
/// whole file: the server, the hash and the copy baseline all stream it in 64 KiB chunks.
/// </summary>
internal static class Content
{
    public const int ChunkSize = 64 * 1024;

    private static readonly byte[] Jpeg = CreateJpeg();
    private static readonly byte[] Filler = CreateFiller();
    private static readonly ConcurrentDictionary<string, string> Hashes = new(StringComparer.Ordinal);

    public static long SizeOf(string mediaId)
    {
        var parts = mediaId.Split('-');
        return parts.Length >= 3 && long.TryParse(parts[^2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size > 0
            ? size
            : throw new FormatException($"'{mediaId}' is not a benchmark media id ({{prefix}}-{{size}}-{{n}}).");
    }

    public static bool IsMediaId(string mediaId)
    {
        try
        {
            SizeOf(mediaId);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Writes the file's bytes to <paramref name="destination"/>, chunk by chunk.</summary>
    public static async Task WriteAsync(string mediaId, Stream destination, CancellationToken cancellationToken)
    {
        var size = SizeOf(mediaId);
        var header = Header(mediaId);
        var chunk = new byte[ChunkSize];
        long written = 0;
        while (written < size)
        {
            var count = (int)Math.Min(ChunkSize, size - written);
            Fill(header, written, chunk.AsSpan(0, count));
            await destination.WriteAsync(chunk.AsMemory(0, count), cancellationToken);
            written += count;
        }
    }

    /// <summary>SHA-256 of the file, lowercase hex (computed once per media id, streamed).</summary>
    public static string Sha256Hex(string mediaId) => Hashes.GetOrAdd(mediaId, static id =>
    {
        var size = SizeOf(id);
        var header = Header(id);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[ChunkSize];
        long done = 0;
        while (done < size)
        {
            var count = (int)Math.Min(ChunkSize, size - done);
            Fill(header, done, chunk.AsSpan(0, count));
            hash.AppendData(chunk, 0, count);
            done += count;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    });

    private static byte[] Header(string mediaId)
    {
        var line = Encoding.ASCII.GetBytes($"\nbench-media {mediaId}\n");
        return [.. Jpeg, .. line];
    }

    private static void Fill(byte[] header, long offset, Span<byte> chunk)
    {
        var position = offset;
        var i = 0;
        while (i < chunk.Length)
        {
            if (position < header.Length)
            {
                var n = (int)Math.Min(header.Length - position, chunk.Length - i);
                header.AsSpan((int)position, n).CopyTo(chunk[i..]);
                i += n;
                position += n;
                continue;
            }

            var at = (int)((position - header.Length) % Filler.Length);
            var take = Math.Min(Filler.Length - at, chunk.Length - i);
            Filler.AsSpan(at, take).CopyTo(chunk[i..]);
            i += take;
            position += take;
        }
    }

    private static byte[] CreateJpeg()
    {
        var info = new SKImageInfo(64, 48);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(new SKColor(30, 120, 200));
        using var paint = new SKPaint { Color = SKColors.Orange };
        surface.Canvas.DrawCircle(32, 24, 16, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }

    private static byte[] CreateFiller()
    {
        var filler = new byte[1024 * 1024];
        new Random(20261128).NextBytes(filler);
        return filler;
    }
}
