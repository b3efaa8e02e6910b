using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Media;

/// <summary>
/// What the WhatsApp Cloud API accepts for each outbound media type (Meta's "Supported media types"): the formats,
/// by the type sniffed from the file's bytes, and the largest file. Sizes are Meta's megabytes and kilobytes read
/// as powers of ten (5 MB = 5,000,000 bytes), the reading under which everything accepted here is accepted by
/// WhatsApp too. A file that fits no type is refused before it is uploaded to WhatsApp, with a clear 422.
/// </summary>
public static class OutboundMediaLimits
{
    public const long ImageMaxBytes = 5_000_000;
    public const long AudioMaxBytes = 16_000_000;
    public const long VideoMaxBytes = 16_000_000;
    public const long DocumentMaxBytes = 100_000_000;
    public const long StaticStickerMaxBytes = 100_000;
    public const long AnimatedStickerMaxBytes = 500_000;

    /// <summary>The formats of each type, as sniffed (<see cref="MediaSniffer"/>); Ogg audio must be Opus, which WhatsApp checks itself.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Formats = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        [MessageTypes.Image] = new HashSet<string>(StringComparer.Ordinal) { "image/jpeg", "image/png" },
        [MessageTypes.Audio] = new HashSet<string>(StringComparer.Ordinal) { "audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg" },
        [MessageTypes.Video] = new HashSet<string>(StringComparer.Ordinal) { "video/mp4", "video/3gpp" },
        [MessageTypes.Document] = new HashSet<string>(StringComparer.Ordinal)
        {
            "text/plain",
            "application/pdf",
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        },
        [MessageTypes.Sticker] = new HashSet<string>(StringComparer.Ordinal) { "image/webp" },
    };

    /// <summary>The media message types, in the order they are offered.</summary>
    public static readonly IReadOnlyList<string> Types = [MessageTypes.Image, MessageTypes.Audio, MessageTypes.Video, MessageTypes.Document, MessageTypes.Sticker];

    /// <summary>The largest file of <paramref name="type"/>; a sticker's depends on whether it is animated.</summary>
    public static long MaxBytes(string type, bool animated) => type switch
    {
        MessageTypes.Image => ImageMaxBytes,
        MessageTypes.Audio => AudioMaxBytes,
        MessageTypes.Video => VideoMaxBytes,
        MessageTypes.Document => DocumentMaxBytes,
        MessageTypes.Sticker => animated ? AnimatedStickerMaxBytes : StaticStickerMaxBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a media message type."),
    };

    /// <summary>Null when a file of <paramref name="contentType"/> and <paramref name="size"/> may be sent as <paramref name="type"/>; otherwise why not.</summary>
    public static Common.Results.Error? Check(string type, string contentType, long size, bool animated)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(contentType);
        if (!Formats.TryGetValue(type, out var formats))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not a media message type.");
        }

        if (!formats.Contains(contentType))
        {
            return MediaErrors.FormatNotAccepted(type, contentType, formats);
        }

        var max = MaxBytes(type, animated);
        return size > max ? MediaErrors.TooLargeForType(type, contentType, size, max, animated) : null;
    }

    /// <summary>The types a file may be sent as (empty: WhatsApp accepts it as none).</summary>
    public static IReadOnlyList<string> TypesFor(string contentType, long size, bool animated) =>
        Types.Where(type => Check(type, contentType, size, animated) is null).ToList();

    /// <summary>
    /// Whether a WebP file is animated: an extended-format file (<c>VP8X</c> chunk first) with the animation flag set.
    /// <paramref name="head"/> is the file's first bytes (at least 21).
    /// </summary>
    public static bool IsAnimatedWebp(ReadOnlySpan<byte> head) =>
        head.Length >= 21 && head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WEBP"u8)
        && head.Slice(12, 4).SequenceEqual("VP8X"u8) && (head[20] & 0x02) != 0;
}
