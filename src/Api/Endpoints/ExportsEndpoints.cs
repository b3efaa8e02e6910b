using Mediator;
using Microsoft.Net.Http.Headers;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Exports;
using WhatsSuite.Application.Exports.DownloadConversationExport;
using WhatsSuite.Application.Exports.GetConversationExport;
using WhatsSuite.Application.Exports.ListConversationExports;

namespace WhatsSuite.Api.Endpoints;

/// <summary>Background conversation exports (ADR 0042): their status, their files, the caller's list.</summary>
internal sealed class ExportsEndpoints : IEndpointGroup
{
    private const string Visibility = "Only the user who asked for the export sees it, and ADMIN every export; anyone else gets 404 exports.not_found.";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/exports").WithTags("Exports");

        group.MapGet("/", List)
            .WithName("exports_list")
            .WithSummary("Background conversation exports: the caller's own, ADMIN everyone's (ADMIN, SUPERVISOR)")
            .WithDescription("Newest first, paged. Each with its status (queued, running, completed, failed, expired), format and filters as asked, the conversations matched, and once done the conversations and messages written, the size and SHA-256 of the gzip file, the failure reason, and when it was created, finished and expires.")
            .Produces<PagedList<ConversationExportFileDto>>()
            .ProducesAuthProblems(StatusCodes.Status400BadRequest);

        group.MapGet("/{id:guid}", Get)
            .WithName("exports_get")
            .WithSummary("A background conversation export's status (ADMIN, SUPERVISOR)")
            .WithDescription("Created by GET /api/v1/conversations/export when the filter matches more than CONVERSATION_EXPORT_SYNC_MAX conversations. "
                + "fileUrl is set once the export is completed, until it expires (CONVERSATION_EXPORT_RETENTION_DAYS after it finished). A failed export has a failureReason: requester_inactive, requester_role (the requester may no longer export) or write_failed. " + Visibility)
            .Produces<ConversationExportFileDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/file", Download)
            .WithName("exports_file")
            .WithSummary("Download a completed background conversation export (ADMIN, SUPERVISOR)")
            .WithDescription("The file as stored: gzip-compressed (application/gzip, named conversations-<created>.<format>.gz), holding exactly what the streamed export of the same filters holds "
                + "(newline-delimited JSON, CSV or HTML). Its SHA-256 is checked while it is sent: a file changed in the store breaks off at its end instead of completing. "
                + "409 exports.not_ready while it is queued or running, or when it failed or expired; 409 exports.file_missing when the store lost it. Every download is audited. " + Visibility)
            .Produces(StatusCodes.Status200OK, contentType: "application/gzip")
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> List(int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListConversationExportsQuery(page ?? 1, pageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetConversationExportQuery(id), ct)).ToOk();

    private static async Task<IResult> Download(Guid id, HttpResponse response, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new DownloadConversationExportCommand(id), ct);
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        response.Headers.CacheControl = "no-store";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return TypedResults.Stream(result.Value.Content, "application/gzip", result.Value.FileName);
    }
}
