using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace WhatsSuite.Application.Sandbox;

/// <summary>
/// The files the simulated WhatsApp "receives" from customers: a generated PNG picture and a one-second WAV tone,
/// both derived from their media id (<c>sandbox-image-…</c>, <c>sandbox-audio-…</c>), so the simulated webhook can
/// declare their SHA-256 and the sandbox's media source can serve the same bytes later, with nothing stored.
/// </summary>
public static class SandboxMedia
{
    public const string ImagePrefix = "sandbox-image-";
    public const string AudioPrefix = "sandbox-audio-";
    public const string ImageMimeType = "image/png";
    public const string AudioMimeType = "audio/wav";

    private const int Side = 96;
    private const int SampleRate = 8000;

    public static string NewImageId() => ImagePrefix + RandomNumberGenerator.GetHexString(16, lowercase: true);

    public static string NewAudioId() => AudioPrefix + RandomNumberGenerator.GetHexString(16, lowercase: true);

    /// <summary>The file of a sandbox media id and its type; null for any other id.</summary>
    public static (byte[] Bytes, string MimeType)? For(string mediaId)
    {
        ArgumentNullException.ThrowIfNull(mediaId);
        if (mediaId.StartsWith(ImagePrefix, StringComparison.Ordinal))
        {
            return (Image(Seed(mediaId)), ImageMimeType);
        }

        return mediaId.StartsWith(AudioPrefix, StringComparison.Ordinal) ? (Audio(Seed(mediaId)), AudioMimeType) : null;
    }

    /// <summary>The SHA-256 of a sandbox file in base64, as WhatsApp declares it in a webhook.</summary>
    public static string Sha256Base64(string mediaId) =>
        Convert.ToBase64String(SHA256.HashData(For(mediaId)?.Bytes ?? throw new ArgumentException("Not a sandbox media id.", nameof(mediaId))));

    private static byte[] Seed(string mediaId) => SHA256.HashData(Encoding.UTF8.GetBytes(mediaId));

    /// <summary>A 96×96 RGB PNG: a diagonal gradient in colours taken from the seed.</summary>
    private static byte[] Image(byte[] seed)
    {
        var raw = new byte[Side * ((Side * 3) + 1)];
        for (var y = 0; y < Side; y++)
        {
            var row = y * ((Side * 3) + 1);
            raw[row] = 0;
            for (var x = 0; x < Side; x++)
            {
                var p = row + 1 + (x * 3);
                raw[p] = (byte)(seed[0] + (x * 2));
                raw[p + 1] = (byte)(seed[1] + (y * 2));
                raw[p + 2] = (byte)(seed[2] + x + y);
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), Side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Side);
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>One second of a sine tone (16-bit mono, 8 kHz) whose pitch comes from the seed.</summary>
    private static byte[] Audio(byte[] seed)
    {
        var frequency = 330 + (seed[0] * 2);
        var data = new byte[SampleRate * 2];
        for (var i = 0; i < SampleRate; i++)
        {
            var sample = (short)(Math.Sin(2 * Math.PI * frequency * i / SampleRate) * 8000);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), sample);
        }

        var wav = new byte[44 + data.Length];
        Encoding.ASCII.GetBytes("RIFF", wav.AsSpan(0));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + data.Length);
        Encoding.ASCII.GetBytes("WAVEfmt ", wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        Encoding.ASCII.GetBytes("data", wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), data.Length);
        data.CopyTo(wav, 44);
        return wav;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
