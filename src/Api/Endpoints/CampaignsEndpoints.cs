using Mediator;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Api.Infrastructure.OpenApi;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.CancelCampaign;
using WhatsSuite.Application.Campaigns.CreateCampaign;
using WhatsSuite.Application.Campaigns.ExportCampaignRecipients;
using WhatsSuite.Application.Campaigns.GetCampaign;
using WhatsSuite.Application.Campaigns.GetCampaignProgress;
using WhatsSuite.Application.Campaigns.ImportCampaignAudience;
using WhatsSuite.Application.Campaigns.ListCampaignRecipients;
using WhatsSuite.Application.Campaigns.ListCampaigns;
using WhatsSuite.Application.Campaigns.PauseCampaign;
using WhatsSuite.Application.Campaigns.PreviewCampaignAudienceFile;
using WhatsSuite.Application.Campaigns.ResumeCampaign;
using WhatsSuite.Application.Campaigns.ScheduleCampaign;
using WhatsSuite.Application.Campaigns.SetCampaignAudience;
using WhatsSuite.Application.Campaigns.UpdateCampaign;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Api.Endpoints;

internal sealed class CampaignsEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/campaigns").WithTags("Campaigns");

        group.MapGet("/", List)
            .WithSummary("List broadcast campaigns (ADMIN, SUPERVISOR)")
            .WithDescription("Newest first. Filters: status (draft, scheduled, running, paused, completed, cancelled, failed), search (name); page, pageSize.")
            .Produces<PagedList<CampaignDto>>()
            .ProducesAuthProblems();

        group.MapPost("/", Create)
            .WithSummary("Create a draft broadcast campaign (ADMIN, SUPERVISOR)")
            .WithDescription("name; connectionIds (1 to 10 active connections); template {name, language, variables} where variables maps each of the template's variables (body.1, header.1, button.0; GET /api/v1/templates/{id} lists them) to contact.name, contact.phone, column:<name> of an uploaded audience or text:<value>; queueId (replies open their conversation there; linked to every connection); schedule {startAt, stopAt, timeZone (IANA, default UTC), allowedFrom, allowedUntil (HH:mm)}; pace {messagesPerSecond (default and maximum: the slowest connection's send rate), dailyCap}. The template must be APPROVED on every connection (422 campaigns.template_unusable).")
            .Produces<CampaignDto>(StatusCodes.Status201Created)
            .ProducesAuthProblems(StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id:guid}", Get)
            .WithSummary("Get a broadcast campaign (ADMIN, SUPERVISOR)")
            .Produces<CampaignDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPut("/{id:guid}", Update)
            .WithSummary("Edit a draft broadcast campaign (ADMIN, SUPERVISOR)")
            .WithDescription("The same body and checks as creating one. A campaign that is no longer a draft is 409 campaigns.not_draft.")
            .Produces<CampaignDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapPut("/{id:guid}/audience", SetAudience)
            .WithSummary("Set a draft campaign's audience (ADMIN, SUPERVISOR)")
            .WithDescription("Replaces the recipient ledger with contacts {tags (any of), optedInOnly, lastSeenAfter, lastSeenBefore} and/or numbers (at most 10,000, E.164 with or without '+'), one recipient per number (neither: the audience is emptied). Opted-out contacts (and, for a MARKETING template, those who stopped marketing messages) unless optedInOnly leaves them out, entries that are not phone numbers and repeated numbers are kept as skipped with their reason; the answer counts them, lists the first 100 with their line, and previews the first recipients with their variables filled. Variables mapped to column:<name> need an uploaded file (422 campaigns.audience_needs_columns). A campaign that is no longer a draft is 409 campaigns.not_draft.")
            .Produces<CampaignAudienceDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/{id:guid}/schedule", Schedule)
            .WithSummary("Schedule a draft broadcast campaign (ADMIN, SUPERVISOR)")
            .WithDescription("The draft starts sending at schedule.startAt (none: within a minute), within its allowed hours, until schedule.stopAt. Its audience must hold recipients to send to (422 campaigns.audience_empty), its template must still be APPROVED on every connection (422 campaigns.template_unusable), and its start and stop must not be past (422 campaigns.schedule_past). A campaign that is not a draft is 409 campaigns.invalid_transition.")
            .Produces<CampaignDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/{id:guid}/pause", Pause)
            .WithSummary("Pause a running or scheduled broadcast campaign (ADMIN, SUPERVISOR)")
            .WithDescription("Nothing more is taken from the recipient ledger until it is resumed; messages already handed to the outbox still go. An optional reason is kept. Any other status is 409 campaigns.invalid_transition.")
            .Produces<CampaignDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);

        group.MapPost("/{id:guid}/resume", Resume)
            .WithSummary("Resume a paused broadcast campaign (ADMIN, SUPERVISOR)")
            .WithDescription("Running again when it had started, scheduled when it was paused before its start. Its template must still be APPROVED and its connections active (422 campaigns.template_unusable, campaigns.connection_unavailable). A campaign that is not paused is 409 campaigns.invalid_transition.")
            .Produces<CampaignDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/audience/file", UploadAudience)
            .WithSummary("Set a draft campaign's audience from a CSV or XLSX file, or preview it (ADMIN, SUPERVISOR)")
            .WithDescription("multipart/form-data with the file in a part named 'file' (at most CAMPAIGN_AUDIENCE_FILE_MAX_BYTES, 413 campaigns.audience_file_too_large; at most 1,000,000 data rows, 422 campaigns.audience_file_too_many_rows). "
                + "The type is read from the file's bytes: an XLSX workbook (its first sheet) or a CSV in UTF-8 (with or without BOM; the delimiter , ; tab or | is detected from the header); anything else is 422 campaigns.audience_file_unsupported, "
                + "a broken workbook 422 campaigns.audience_file_unreadable, a CSV that is not UTF-8 422 campaigns.audience_file_encoding. The first row names the columns: the phone column is phoneColumn "
                + "or the first of phone, telefono, teléfono, number, numero, número, celular, mobile, whatsapp (422 campaigns.audience_file_no_phone_column); every other named column (at most 50, compared without regard to case) "
                + "is a per-recipient field the template's variables take as column:<name> (a variable whose column the file lacks: 422 campaigns.audience_file_missing_columns). "
                + "Row by row: blank rows are ignored, numbers are normalised to E.164, numbers that are not phone numbers, repeated numbers and opted-out contacts are kept as skipped with their row in the file (the header is row 1). "
                + "preview=true answers the counts, the first 100 skipped rows and the first 20 recipients with their variables filled, and stores nothing; otherwise the file replaces the recipient ledger (one transaction: a file found broken half-way changes nothing). "
                + "A campaign that is no longer a draft is 409 campaigns.not_draft.")
            .WithMetadata(new MultipartFileUpload(AudienceFilePart, "The audience file: CSV (UTF-8) or XLSX, a header row naming the columns."))
            .Produces<CampaignAudienceFileDto>()
            .ProducesAuthProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id:guid}/progress", Progress)
            .WithSummary("Get a campaign's progress (ADMIN, SUPERVISOR)")
            .WithDescription("The ledger counted per state (pending, sending, sent, delivered, read, failed, skipped) and in total, how many recipients replied, the messages sent in the last minute and that rate per second, "
                + "the pace the estimate assumes (the rate achieved, or before anything went out the configured pace over all the campaign's connections), the recipients left (pending and sending), "
                + "the estimated finish while the campaign runs (null otherwise), and when it started and finished. Two indexed counts, cheap at a million recipients.")
            .Produces<CampaignProgressDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/recipients", Recipients)
            .WithSummary("List a campaign's recipients (ADMIN, SUPERVISOR)")
            .WithDescription("The recipient ledger in a stable order (by row id), limit rows at a time (1 to 500, default 50) after cursor (the previous page's nextCursor; null on the last page). "
                + "Filters: status (pending, sending, sent, delivered, read, failed, skipped), skipReason (opted_out, marketing_opted_out, invalid_number, duplicate), errorCode (the Cloud API's), phonePrefix (E.164 digits, with or without '+').")
            .Produces<CampaignRecipientPage>()
            .ProducesAuthProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/recipients/export", ExportRecipients)
            .WithSummary("Export a campaign's recipients as CSV (ADMIN, SUPERVISOR)")
            .WithDescription("The whole filtered ledger (same filters as the list), streamed row by row as UTF-8 CSV: id, phone, input, line, contactId, status, skipReason, errorCode, errorTitle, sentAt, repliedAt, updatedAt. "
                + "Cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are prefixed with a single quote. The export is itself audited.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesAuthProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/cancel", Cancel)
            .WithSummary("Cancel a broadcast campaign (ADMIN, SUPERVISOR)")
            .WithDescription("Any campaign that has not finished; an optional reason is kept. A completed, cancelled or failed campaign is 409 campaigns.invalid_transition.")
            .Produces<CampaignDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> List(string? status, string? search, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListCampaignsQuery(status, search, page ?? 1, pageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> Create(CreateCampaignCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToCreated(campaign => $"/api/v1/campaigns/{campaign.Id}");

    private static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetCampaignQuery(id), ct)).ToOk();

    private static async Task<IResult> Update(Guid id, CampaignBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new UpdateCampaignCommand(id, body.Name, body.ConnectionIds, body.Template, body.QueueId, body.Schedule, body.Pace), ct)).ToOk();

    private static async Task<IResult> SetAudience(Guid id, AudienceBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SetCampaignAudienceCommand(id, body.Contacts, body.Numbers), ct)).ToOk();

    private static async Task<IResult> Schedule(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ScheduleCampaignCommand(id), ct)).ToOk();

    private static async Task<IResult> Pause(Guid id, PauseBody? body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new PauseCampaignCommand(id, body?.Reason), ct)).ToOk();

    private static async Task<IResult> Resume(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ResumeCampaignCommand(id), ct)).ToOk();
    /// <summary>
    /// Spools the part named <c>file</c> to a temporary file (deleted when closed; never whole in memory), refusing it
    /// past <c>CAMPAIGN_AUDIENCE_FILE_MAX_BYTES</c>, then reads it: a workbook needs a seekable file.
    /// </summary>
    private static async Task<IResult> UploadAudience(
        Guid id, bool? preview, string? phoneColumn, HttpRequest request, CampaignAudienceOptions options, ActorContext actor, IMediator mediator, CancellationToken ct)
    {
        if (AccessPolicy<ImportCampaignAudienceCommand>.Value.Evaluate(actor.Current) is not null)
        {
            // Refused before a byte of the body is read: the pipeline answers (and audits) the denial.
            return (await mediator.Send(new ImportCampaignAudienceCommand(id, Stream.Null, phoneColumn), ct)).ToOk();
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= MaxBoundaryLength } boundary)
        {
            return CampaignErrors.AudienceFileNotMultipart.ToProblem(StatusCodes.Status415UnsupportedMediaType);
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    || !disposition.Name.Equals(AudienceFilePart, StringComparison.Ordinal))
                {
                    continue;
                }

                await using var file = new FileStream(
                    Path.Combine(Path.GetTempPath(), $"whatssuite-audience-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                if (!await CopyWithinAsync(section.Body, file, options.MaxFileBytes, ct))
                {
                    return CampaignErrors.AudienceFileTooLarge(options.MaxFileBytes).ToProblem(StatusCodes.Status413PayloadTooLarge);
                }

                file.Position = 0;
                return preview == true
                    ? (await mediator.Send(new PreviewCampaignAudienceFileQuery(id, file, phoneColumn), ct)).ToOk()
                    : (await mediator.Send(new ImportCampaignAudienceCommand(id, file, phoneColumn), ct)).ToOk();
            }
        }
        catch (InvalidDataException)
        {
            return CampaignErrors.AudienceFileMalformed.ToProblem();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return CampaignErrors.AudienceFileTooLarge(options.MaxFileBytes).ToProblem(StatusCodes.Status413PayloadTooLarge);
        }

        return CampaignErrors.AudienceFileMissing.ToProblem();
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/>; false as soon as it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<bool> CopyWithinAsync(Stream source, Stream target, long maxBytes, CancellationToken ct)
    {
        var buffer = new byte[81_920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return false;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return true;
    }

    private const string AudienceFilePart = "file";

    /// <summary>RFC 2046 allows boundaries of up to 70 characters.</summary>
    private const int MaxBoundaryLength = 70;

    private static async Task<IResult> Progress(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetCampaignProgressQuery(id), ct)).ToOk();

    private static async Task<IResult> Recipients(
        Guid id, string? status, string? skipReason, string? errorCode, string? phonePrefix, string? cursor, int? limit, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListCampaignRecipientsQuery(id, new CampaignRecipientFilter(status, skipReason, errorCode, phonePrefix), cursor, limit ?? ListCampaignRecipientsQuery.DefaultLimit), ct)).ToOk();

    private static async Task<IResult> ExportRecipients(
        Guid id, string? status, string? skipReason, string? errorCode, string? phonePrefix, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new ExportCampaignRecipientsCommand(id, new CampaignRecipientFilter(status, skipReason, errorCode, phonePrefix)), ct);
        return result.IsSuccess ? new CampaignRecipientsCsvResult(result.Value) : result.Error.ToProblem();
    }

    private static async Task<IResult> Cancel(Guid id, CancelBody? body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CancelCampaignCommand(id, body?.Reason), ct)).ToOk();
}

/// <summary>Body of <c>PUT /api/v1/campaigns/{id}</c>.</summary>
internal sealed record CampaignBody(string Name, IReadOnlyList<Guid> ConnectionIds, CampaignTemplateInput Template, Guid? QueueId, CampaignScheduleInput? Schedule, CampaignPaceInput? Pace);

/// <summary>Body of <c>PUT /api/v1/campaigns/{id}/audience</c>.</summary>
internal sealed record AudienceBody(CampaignContactFilterInput? Contacts, IReadOnlyList<string>? Numbers);

/// <summary>Body of <c>POST /api/v1/campaigns/{id}/cancel</c>.</summary>
internal sealed record CancelBody(string? Reason);

/// <summary>Body of <c>POST /api/v1/campaigns/{id}/pause</c>.</summary>
internal sealed record PauseBody(string? Reason);
