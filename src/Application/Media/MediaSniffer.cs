using System.Text;

namespace WhatsSuite.Application.Media;

/// <summary>
/// The real type of a file, from its first bytes (<see cref="HeadLength"/> are enough), never from the name or the
/// type the sender declared. Containers that hold several formats (ZIP for Office documents, OLE for the old
/// ones) take the declared type when it is one of theirs. Anything unrecognised is
/// <c>application/octet-stream</c>; executables are named so a quarantine says what they were.
/// </summary>
public static class MediaSniffer
{
    public const int HeadLength = 64;
    public const string Unknown = "application/octet-stream";
    public const string Executable = "application/x-msdownload";

    private static readonly string[] ZipTypes =
    [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
    ];

    private static readonly string[] OleTypes = ["application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"];

    public static string Sniff(ReadOnlySpan<byte> head, string? declaredType)
    {
        var declared = declaredType?.Split(';')[0].Trim().ToLowerInvariant();
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8))
        {
            var form = head.Slice(8, 4);
            if (form.SequenceEqual("WEBP"u8))
            {
                return "image/webp";
            }

            if (form.SequenceEqual("WAVE"u8))
            {
                return "audio/wav";
            }
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (head.StartsWith("OggS"u8))
        {
            return "audio/ogg";
        }

        if (head.StartsWith("#!AMR"u8))
        {
            return "audio/amr";
        }

        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
        {
            return "audio/mpeg";
        }

        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(head.Slice(8, 4));
            return brand switch
            {
                "M4A " or "M4B " => "audio/mp4",
                _ when brand.StartsWith("3g", StringComparison.Ordinal) => "video/3gpp",
                _ => "video/mp4",
            };
        }

        if (head.StartsWith("MZ"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']))
        {
            return Executable;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[(byte)'P', (byte)'K', 0x03, 0x04]))
        {
            return declared is not null && ZipTypes.Contains(declared) ? declared : "application/zip";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return declared is not null && OleTypes.Contains(declared) ? declared : "application/x-ole-storage";
        }

        if (declared == "text/plain" && LooksLikeText(head))
        {
            return "text/plain";
        }

        return Unknown;
    }

    /// <summary>UTF-8 text without control characters other than tab, line feed and carriage return.</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D))
            {
                return false;
            }
        }

        return head.Length > 0;
    }
}
