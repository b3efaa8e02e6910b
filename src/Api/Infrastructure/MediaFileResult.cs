using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Media;
using WhatsSuite.Application.Media.GetMessageMedia;

namespace WhatsSuite.Api.Infrastructure;

/// <summary>
/// Streams a stored media file from the media store (decrypted on the fly): the sniffed <c>Content-Type</c>, a safe
/// <c>Content-Disposition</c> (inline for images, audio and video, attachment otherwise; the sender's name reduced to
/// a plain file name), a strong <c>ETag</c> (the SHA-256), <c>If-None-Match</c> (304), single byte ranges with
/// <c>If-Range</c> (206, 416 when unsatisfiable), <c>nosniff</c> and a sandboxing content security policy, and
/// <c>Cache-Control: private</c>. Several ranges in one request are answered with the whole file, as HTTP allows.
/// </summary>
internal sealed partial class MediaFileResult(MessageMediaFile file) : IResult
{
    private const int MaxFileNameLength = 120;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var request = httpContext.Request;
        var response = httpContext.Response;
        var etag = $"\"{file.Sha256}\"";
        var headers = response.Headers;
        headers.ETag = etag;
        headers.AcceptRanges = "bytes";
        headers.CacheControl = "private";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.ContentDisposition = Disposition(file);

        if (request.Headers.IfNoneMatch.Any(value => value is not null && (value == "*" || value.Split(',').Select(v => v.Trim()).Contains(etag, StringComparer.Ordinal))))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var (start, end) = (0L, file.Size - 1);
        var partial = false;
        if (RangeRequested(request, etag) is { } range)
        {
            if (!TryResolve(range, file.Size, out start, out end))
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                headers.ContentRange = $"bytes */{file.Size}";
                return;
            }

            partial = true;
        }

        var store = httpContext.RequestServices.GetRequiredService<IMediaStore>();
        var cancellationToken = httpContext.RequestAborted;
        await using var content = await store.OpenReadAsync(file.StorageKey, start, cancellationToken);
        if (content is null)
        {
            LogFileMissing(httpContext.RequestServices.GetRequiredService<ILogger<MediaFileResult>>(), file.MessageId, file.StorageKey);
            await MediaErrors.NotAvailable(file.MessageId).ToProblem().ExecuteAsync(httpContext);
            return;
        }

        var length = file.Size == 0 ? 0 : end - start + 1;
        response.StatusCode = partial ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
        response.ContentType = file.ContentType;
        response.ContentLength = length;
        if (partial)
        {
            headers.ContentRange = $"bytes {start}-{end}/{file.Size}";
        }

        await CopyAsync(content, response.Body, length, cancellationToken);
    }

    /// <summary>A plain file name: no directories, no control or quoting characters, at most 120 characters.</summary>
    internal static string SafeFileName(string? name, Guid messageId, string contentType)
    {
        var baseName = (name ?? string.Empty).Replace('\\', '/');
        baseName = baseName[(baseName.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder(baseName.Length);
        foreach (var c in baseName.Normalize(NormalizationForm.FormC))
        {
            builder.Append(char.IsControl(c) || c is '"' or ';' or ':' or '*' or '?' or '<' or '>' or '|' or '%' ? '_' : c);
        }

        var safe = builder.ToString().Trim().TrimStart('.');
        if (safe.Length == 0)
        {
            safe = messageId.ToString("N", CultureInfo.InvariantCulture) + MediaExtensions.For(contentType);
        }

        return safe.Length <= MaxFileNameLength ? safe : safe[..MaxFileNameLength];
    }

    private static string Disposition(MessageMediaFile file)
    {
        var inline = file.ContentType.StartsWith("image/", StringComparison.Ordinal)
            || file.ContentType.StartsWith("audio/", StringComparison.Ordinal)
            || file.ContentType.StartsWith("video/", StringComparison.Ordinal);
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(SafeFileName(file.FileName, file.MessageId, file.ContentType));
        return disposition.ToString();
    }

    /// <summary>The one byte range asked for, unless <c>If-Range</c> names another version or the header is not one byte range.</summary>
    private static RangeItemHeaderValue? RangeRequested(HttpRequest request, string etag)
    {
        if (!RangeHeaderValue.TryParse(request.Headers.Range.ToString(), out var range)
            || !string.Equals(range.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
            || range.Ranges.Count != 1)
        {
            return null;
        }

        var ifRange = request.Headers.IfRange.ToString();
        return ifRange.Length > 0 && !string.Equals(ifRange, etag, StringComparison.Ordinal) ? null : range.Ranges.Single();
    }

    private static bool TryResolve(RangeItemHeaderValue range, long size, out long start, out long end)
    {
        start = 0;
        end = size - 1;
        if (size == 0)
        {
            return false;
        }

        if (range.From is { } from)
        {
            if (from >= size)
            {
                return false;
            }

            start = from;
            end = range.To is { } to ? Math.Min(to, size - 1) : size - 1;
            return end >= start;
        }

        if (range.To is { } suffix && suffix > 0)
        {
            start = Math.Max(0, size - suffix);
            return true;
        }

        return false;
    }

    private static async Task CopyAsync(Stream source, Stream destination, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var remaining = length;
        while (remaining > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
            if (read == 0)
            {
                throw new IOException("The media file ended before its recorded size.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            remaining -= read;
        }
    }

    [LoggerMessage(EventId = Application.Common.Logging.LogEvents.MediaServeFailed, Level = LogLevel.Error, Message = "The stored media file of message {MessageId} is missing ({StorageKey})")]
    private static partial void LogFileMissing(ILogger logger, Guid messageId, string storageKey);
}
