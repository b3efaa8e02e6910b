using System.Buffers;
using Microsoft.Extensions.Logging;
using SkiaSharp;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Media;

namespace WhatsSuite.Infrastructure.Media;

/// <summary>
/// Thumbnails of stored images with SkiaSharp (docs/decisions/0025-outbound-media-and-thumbnails.md): JPEG, at most
/// <see cref="MaxEdge"/> pixels on the longer side, upright (the EXIF orientation applied), transparency on white,
/// encrypted in the media store under <see cref="MediaKeys.Thumbnail"/>. Decoding is bounded before it starts: a
/// source over <see cref="MaxSourceBytes"/> or whose header declares more than <see cref="MaxPixels"/> pixels (a
/// decompression bomb: a small file that would decode to gigabytes) gets no thumbnail; JPEG is decoded at a reduced
/// scale, so a camera photo never decodes at full size.
/// </summary>
public sealed partial class SkiaMediaThumbnails(IMediaStore store, ILogger<SkiaMediaThumbnails> logger) : IMediaThumbnails
{
    /// <summary>The longer side of a thumbnail, in pixels.</summary>
    public const int MaxEdge = 320;

    /// <summary>The most pixels an image may declare to get a thumbnail (6000 × 4000, a 24-megapixel camera).</summary>
    public const long MaxPixels = 24_000_000;

    /// <summary>The largest image file read for a thumbnail (WhatsApp images are at most 5 MB).</summary>
    public const int MaxSourceBytes = 16 * 1024 * 1024;

    public const int JpegQuality = 80;

    /// <summary>The source is read in chunks of this size.</summary>
    private const int ReadChunkBytes = 64 * 1024;

    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal) { "image/jpeg", "image/png", "image/webp", "image/gif" };

    public bool Supports(string contentType) => Supported.Contains(contentType);

    public async Task<bool> CreateAsync(string storageKey, string contentType, CancellationToken cancellationToken)
    {
        if (!Supports(contentType))
        {
            return false;
        }

        byte[]? thumbnail;
        await using (var source = await store.OpenReadAsync(storageKey, 0, cancellationToken))
        {
            if (source is null)
            {
                return false;
            }

            using var image = await ReadBoundedAsync(source, MaxSourceBytes, cancellationToken);
            if (image is null)
            {
                LogNotCreated(logger, storageKey, "source_too_large");
                return false;
            }

            thumbnail = Render(image.GetBuffer().AsSpan(0, (int)image.Length), out var reason);
            if (thumbnail is null)
            {
                LogNotCreated(logger, storageKey, reason!);
                return false;
            }
        }

        using var content = new MemoryStream(thumbnail, writable: false);
        await store.WriteAsync(MediaKeys.Thumbnail(storageKey), content, cancellationToken);
        return true;
    }

    /// <summary>
    /// The whole of <paramref name="source"/> in memory when it holds at most <paramref name="maxBytes"/>, else null (read
    /// no further than one chunk past the limit). The buffer grows with what is read, so a 100 KB photo takes about
    /// 100 KB, not the limit: images arrive many per second and each would otherwise cost a 16 MiB allocation.
    /// </summary>
    internal static async Task<MemoryStream?> ReadBoundedAsync(Stream source, int maxBytes, CancellationToken cancellationToken)
    {
        var image = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk.AsMemory(0, ReadChunkBytes), cancellationToken)) > 0)
            {
                if (image.Length + read > maxBytes)
                {
                    await image.DisposeAsync();
                    return null;
                }

                image.Write(chunk, 0, read);
            }

            return image;
        }
        catch
        {
            await image.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>The thumbnail of an encoded image as JPEG, or null and why not (<c>undecodable</c>, <c>too_many_pixels</c>).</summary>
    public static byte[]? Render(ReadOnlySpan<byte> image, out string? reason)
    {
        using var data = SKData.CreateCopy(image);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            reason = "undecodable";
            return null;
        }

        var info = codec.Info;
        if ((long)info.Width * info.Height > MaxPixels)
        {
            reason = "too_many_pixels";
            return null;
        }

        // JPEG decodes at 1/2, 1/4 or 1/8 of its size for the asking; other formats answer their full size.
        var scale = Math.Min(1f, (float)MaxEdge / Math.Max(info.Width, info.Height));
        var decoded = codec.GetScaledDimensions(scale);
        var decodeInfo = new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            reason = "undecodable";
            return null;
        }

        var origin = codec.EncodedOrigin;
        var turned = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightWidth, uprightHeight) = turned ? (decoded.Height, decoded.Width) : (decoded.Width, decoded.Height);
        var fit = Math.Min(1f, (float)MaxEdge / Math.Max(uprightWidth, uprightHeight));
        var width = Math.Max(1, (int)MathF.Round(uprightWidth * fit));
        var height = Math.Max(1, (int)MathF.Round(uprightHeight * fit));

        using var surface = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(surface))
        {
            canvas.Clear(SKColors.White);
            canvas.Scale(fit);
            Orient(canvas, origin, decoded.Width, decoded.Height);
            using var source = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        }

        using var encoded = surface.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        reason = encoded is null ? "not_encoded" : null;
        return encoded?.ToArray();
    }

    /// <summary>Turns the canvas so that an image stored with the EXIF <paramref name="origin"/> is drawn upright.</summary>
    private static void Orient(SKCanvas canvas, SKEncodedOrigin origin, int width, int height)
    {
        switch (origin)
        {
            case SKEncodedOrigin.TopRight:
                canvas.Translate(width, 0);
                canvas.Scale(-1, 1);
                break;
            case SKEncodedOrigin.BottomRight:
                canvas.Translate(width, height);
                canvas.RotateDegrees(180);
                break;
            case SKEncodedOrigin.BottomLeft:
                canvas.Translate(0, height);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.LeftTop:
                canvas.RotateDegrees(90);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.RightTop:
                canvas.Translate(height, 0);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.RightBottom:
                canvas.Translate(height, width);
                canvas.Scale(1, -1);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.LeftBottom:
                canvas.Translate(0, width);
                canvas.RotateDegrees(-90);
                break;
        }
    }

    [LoggerMessage(EventId = LogEvents.MediaThumbnailNotCreated, Level = LogLevel.Information, Message = "No thumbnail for the stored file {StorageKey}: {Reason}")]
    private static partial void LogNotCreated(ILogger logger, string storageKey, string reason);
}
