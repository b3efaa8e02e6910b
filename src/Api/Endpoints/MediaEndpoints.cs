using Mediator;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Api.Infrastructure.OpenApi;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Media;
using WhatsSuite.Application.Media.CreateMediaLink;
using WhatsSuite.Application.Media.GetMessageMedia;
using WhatsSuite.Application.Media.GetMessageThumbnail;
using WhatsSuite.Application.Media.OpenMediaLink;
using WhatsSuite.Application.Media.RetryMediaDownload;
using WhatsSuite.Application.Media.RotateMediaKey;
using WhatsSuite.Application.Media.UploadMedia;
using WhatsSuite.Application.Messages;

namespace WhatsSuite.Api.Endpoints;

internal sealed class MediaEndpoints : IEndpointGroup
{
    private const string ServingDescription =
        "Streams the file with its sniffed Content-Type, Content-Disposition (a safe file name), a strong ETag (its SHA-256; If-None-Match answers 304), "
        + "single byte ranges (Range, If-Range: 206, or 416 when unsatisfiable) and X-Content-Type-Options: nosniff. "
        + "Only a file that passed every check is served: a pending, failed or quarantined one answers 404 media.not_available.";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/conversations/{id:guid}/messages/{messageId:guid}/media").WithTags("Media");

        group.MapGet("/", Get)
            .WithSummary("Download a message's media file (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription(ServingDescription + " A conversation the caller may not see answers 404, as for the conversation.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status206PartialContent, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status304NotModified)
            .Produces(StatusCodes.Status416RangeNotSatisfiable)
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/link", Link)
            .WithSummary("Get a signed, expiring link to a message's media file (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("For <img>, <audio> and <video> tags, which cannot send an Authorization header. The link is bound to the message, the caller and the caller's session, "
                + "expires after MEDIA_SIGNED_URL_TTL (5 minutes by default) and stops working when the session ends. A conversation the caller may not see answers 404.")
            .Produces<MediaLinkDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/thumbnail", Thumbnail)
            .WithSummary("Get the thumbnail of a message's image (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("A JPEG of at most 320 pixels on the longer side, upright, made when the image was stored (or on first request for an older one). "
                + "A strong ETag (If-None-Match answers 304) and nosniff. A message whose media is not an available image, or an image that cannot be decoded within the limits "
                + "(more than 24 megapixels, a broken file), answers 404 media.thumbnail_not_available; a conversation the caller may not see answers 404, as for the conversation.")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPost("/retry", Retry)
            .WithSummary("Retry a failed media download (ADMIN)")
            .WithDescription("Starts the download again with a fresh set of attempts; answers 202 with the message, its media now pending. Only a failed download can be retried (409 media.not_failed).")
            .Produces<MessageDto>(StatusCodes.Status202Accepted)
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        app.MapPost("/api/v1/conversations/{id:guid}/media", Upload)
            .WithTags("Media")
            .WithSummary("Upload a file to send in a conversation (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription(
                "multipart/form-data with the file in a part named 'file' (streamed to storage, never held whole in memory). The file's type is read from its bytes, "
                + "never from its name or declared type, and must be in MEDIA_ALLOWED_MIME_PREFIXES (422 media.type_not_allowed); it may be at most MEDIA_MAX_BYTES "
                + "(422 media.too_large) and must be something WhatsApp accepts as a media message (422 media.not_sendable): images JPEG/PNG up to 5 MB, audio AAC/AMR/MP3/M4A/Ogg Opus "
                + "and video MP4/3GPP up to 16 MB, documents PDF/text/Word/Excel/PowerPoint up to 100 MB, stickers WebP up to 100 KB (500 KB animated). "
                + "Answers 201 with the upload's id, to be sent as {type, media:{uploadId, caption?, fileName?}} to POST /api/v1/conversations/{id}/messages, and the types it may be sent as. "
                + "The same rules as for sending apply first: a conversation the caller may not see answers 404, only its assignee, a supervisor of its queue or an admin may upload (403), "
                + "a closed conversation 409, and outside the 24-hour window 422 messages.outside_service_window. Anything other than multipart/form-data answers 415.")
            .WithMetadata(new MultipartFileUpload(FilePart, "The file to send."))
            .Produces<UploadedMediaDto>(StatusCodes.Status201Created)
            .ProducesAuthProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/v1/media/rotate-key", RotateKey)
            .WithTags("Media")
            .WithSummary("Re-encrypt every media file under the current media key (ADMIN)")
            .WithDescription("After MEDIA_ENCRYPTION_KEY changed (the old key listed in MEDIA_ENCRYPTION_OLD_KEYS), starts a background job that re-encrypts, in batches, "
                + "every stored media file not under the current key (files written while encryption was off are encrypted); its progress shows in the Hangfire dashboard. "
                + "Answers 202 with the key id and the number of files to re-encrypt; once the job is done the old key can be removed. 409 media.encryption_disabled when media encryption is off.")
            .Produces<MediaKeyRotationDto>(StatusCodes.Status202Accepted)
            .ProducesAuthProblems(StatusCodes.Status409Conflict);

        app.MapGet("/api/v1/media/{messageId:guid}", Open)
            .WithTags("Media")
            .AllowAnonymous()
            .WithSummary("Download a media file through a signed link (no Authorization header)")
            .WithDescription(ServingDescription + " The link's signature, expiry and session are checked (403 media.link_invalid or media.link_expired), "
                + "then the file is served under the visibility of the user the link was made for.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status206PartialContent, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status304NotModified)
            .Produces(StatusCodes.Status416RangeNotSatisfiable)
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Get(Guid id, Guid messageId, IMediator mediator, CancellationToken ct) =>
        ToFile(await mediator.Send(new GetMessageMediaQuery(id, messageId), ct));

    private static async Task<IResult> Link(Guid id, Guid messageId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CreateMediaLinkQuery(id, messageId), ct)).ToOk();

    private static async Task<IResult> Thumbnail(Guid id, Guid messageId, HttpContext context, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new GetMessageThumbnailQuery(id, messageId), ct);
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        var thumbnail = result.Value;
        var headers = context.Response.Headers;
        headers.ETag = thumbnail.ETag;
        headers.CacheControl = "private";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch == "*" || ifNoneMatch.Split(',').Select(v => v.Trim()).Contains(thumbnail.ETag, StringComparer.Ordinal))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.File(thumbnail.Content, thumbnail.ContentType);
    }

    private static async Task<IResult> Retry(Guid id, Guid messageId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RetryMediaDownloadCommand(id, messageId), ct)).ToAccepted();

    private static async Task<IResult> RotateKey(IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RotateMediaKeyCommand(), ct)).ToAccepted();

    private static async Task<IResult> Open(Guid messageId, Guid? user, string? session, long? expires, string? signature, IMediator mediator, CancellationToken ct) =>
        ToFile(await mediator.Send(new OpenMediaLinkQuery(messageId, user ?? Guid.Empty, session ?? string.Empty, expires ?? 0, signature ?? string.Empty), ct));

    /// <summary>
    /// Reads the multipart body up to the part named <c>file</c> and hands that part's stream to the command, which
    /// checks the send rules before it reads a byte of the file.
    /// </summary>
    private static async Task<IResult> Upload(Guid id, HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= MaxBoundaryLength } boundary)
        {
            return MediaErrors.UploadNotMultipart.ToProblem(StatusCodes.Status415UnsupportedMediaType);
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    && disposition.Name.Equals(FilePart, StringComparison.Ordinal))
                {
                    var result = await mediator.Send(new UploadMediaCommand(id, section.Body, section.ContentType), ct);
                    return result.IsSuccess ? TypedResults.Created((string?)null, result.Value) : result.Error.ToProblem();
                }
            }
        }
        catch (InvalidDataException)
        {
            return MediaErrors.UploadMalformed.ToProblem();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return MediaErrors.UploadTooLarge(request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0).ToProblem(StatusCodes.Status413PayloadTooLarge);
        }

        return MediaErrors.UploadMissing.ToProblem();
    }

    private const string FilePart = "file";

    /// <summary>RFC 2046 allows boundaries of up to 70 characters.</summary>
    private const int MaxBoundaryLength = 70;

    private static IResult ToFile(Result<MessageMediaFile> result) =>
        result.IsSuccess ? new MediaFileResult(result.Value) : result.Error.ToProblem();
}

