using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace WhatsSuite.Api.Infrastructure.HttpEdge;

/// <summary>Writes the problem answers of the HTTP edge (refusals before any endpoint runs).</summary>
internal static class EdgeProblems
{
    public const string HttpsRequired = "https_required";
    public const string RateLimited = "rate_limited";
    public const string Overloaded = "overloaded";
    public const string RequestTimeout = "request_timeout";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";

    public static async Task WriteAsync(HttpContext context, int status, string code, string detail, int? retryAfterSeconds = null)
    {
        context.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var problem = new ProblemDetails { Status = status, Detail = detail, Extensions = { ["code"] = code } };
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            // The caller's Accept header ruled out JSON; answer problem+json anyway, as every error does.
            problem.Extensions["traceId"] = context.TraceIdentifier;
            await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
        }
    }

    /// <summary>
    /// JSON between systems is UTF-8 (RFC 8259, section 8.1). A JSON body declared in any other charset, known or
    /// not, is refused (true, with the charset) before it is read; UTF-8 spelled otherwise (quoted, <c>utf8</c>) is
    /// rewritten to <c>charset=utf-8</c>, the one spelling the framework's JSON reader accepts.
    /// </summary>
    public static bool RefuseNonUtf8JsonCharset(HttpRequest request, out string charset)
    {
        ArgumentNullException.ThrowIfNull(request);
        charset = string.Empty;
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            || !mediaType.Charset.HasValue)
        {
            return false;
        }

        charset = mediaType.Charset.Value!.Trim('"', '\'', ' ');
        if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (mediaType.Charset.Value != "utf-8")
        {
            mediaType.Charset = "utf-8";
            request.ContentType = mediaType.ToString();
        }

        return false;
    }

    /// <summary>
    /// A file upload (<c>POST /api/v1/conversations/{id}/media</c>): its body may be as large as <c>MEDIA_MAX_BYTES</c>
    /// (plus <see cref="UploadOverheadBytes"/> of multipart framing) and it may take up to <see cref="UploadTimeout"/>.
    /// </summary>
    public static bool IsMediaUpload(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments("/api/v1/conversations", StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return false;
        }

        var segments = (rest.Value ?? string.Empty).Trim('/').Split('/');
        return segments.Length == 2 && Guid.TryParse(segments[0], out _) && segments[1].Equals("media", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A campaign's audience file (<c>POST /api/v1/campaigns/{id}/audience/file</c>): its body may be as large as
    /// <c>CAMPAIGN_AUDIENCE_FILE_MAX_BYTES</c> (plus <see cref="UploadOverheadBytes"/>) and it may take up to <see cref="UploadTimeout"/>.
    /// </summary>
    public static bool IsAudienceUpload(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments("/api/v1/campaigns", StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return false;
        }

        var segments = (rest.Value ?? string.Empty).Trim('/').Split('/');
        return segments.Length == 3 && Guid.TryParse(segments[0], out _)
            && segments[1].Equals("audience", StringComparison.OrdinalIgnoreCase) && segments[2].Equals("file", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What an upload's body may hold beyond the file: the multipart boundaries and part headers.</summary>
    public const long UploadOverheadBytes = 1024 * 1024;

    /// <summary>How long an upload may take (a 100 MB file over a slow link), instead of <c>REQUEST_TIMEOUT_MS</c>.</summary>
    public static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(10);

    public static bool IsHealth(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api/v1/health", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The real-time hub: its connections stay open for hours, so they neither hold a slot of the concurrent-request
    /// gate nor fall under the request timeout; the hub has its own per-user connection limit (docs/realtime.md).
    /// </summary>
    public static bool IsRealtime(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Realtime.DeskHub.Path, StringComparison.OrdinalIgnoreCase);
}
