using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Conversations.AssignConversation;
using WhatsSuite.Application.Conversations.CloseConversation;
using WhatsSuite.Application.Conversations.ExportConversation;
using WhatsSuite.Application.Conversations.ExportConversations;
using WhatsSuite.Application.Conversations.GetConversation;
using WhatsSuite.Application.Conversations.GetConversationSummary;
using WhatsSuite.Application.Conversations.ListConversations;
using WhatsSuite.Application.Conversations.MarkConversationRead;
using WhatsSuite.Application.Conversations.ReopenConversation;
using WhatsSuite.Application.Conversations.StartConversation;
using WhatsSuite.Application.Conversations.TransferConversation;
using WhatsSuite.Application.Conversations.UnassignConversation;
using WhatsSuite.Application.Exports;

namespace WhatsSuite.Api.Endpoints;

internal sealed class ConversationsEndpoints : IEndpointGroup
{
    private const string Visibility =
        "ADMIN sees every conversation; SUPERVISOR those of their queues and those without a queue; AGENTE those assigned to them and the UNASSIGNED ones of their queues. Any other conversation answers 404.";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/conversations").WithTags("Conversations");

        group.MapGet("/", List)
            .WithSummary("List the conversations you see, newest first (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription($"{Visibility} Filters: status (UNASSIGNED, OPEN, CLOSED), queueId, assigneeId, connectionId, referralSourceType (ad, post) and referralSourceId (the click-to-WhatsApp ad or post the customer arrived from), search (any part of the contact's number, name, username or business-scoped user id, or whole words of the latest messages: every word of the term, in any order, the last one also as the start of a word; case and accents do not matter; at least 3 letters or digits, else 400). Keyset pages: pass nextCursor as cursor; limit 1-100 (default 50). A search that cannot be answered within 2 seconds answers 422 conversations.search_too_broad.")
            .Produces<ConversationPage>()
            .ProducesAuthProblems(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/summary", Summary)
            .WithSummary("Count the conversations you see per status (ADMIN, SUPERVISOR, AGENTE)")
            .Produces<ConversationSummaryDto>()
            .ProducesAuthProblems();

        group.MapPost("/", Start)
            .WithSummary("Start an outbound conversation with a template (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("Creates (or reopens, when closed) the conversation with the contact on the connection, assigned to you, and queues the template message. 409 conversations.already_active (with conversationId) when it is not closed; 422 for an unusable connection, a queue to choose or an opted-out contact.")
            .Produces<ConversationDto>(StatusCodes.Status201Created)
            .ProducesAuthProblems(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id:guid}", Get)
            .WithSummary("Get a conversation (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription(Visibility)
            .Produces<ConversationDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/export", ExportSet)
            .WithSummary("Export the conversations matching a filter, with their messages, as JSON, CSV or HTML transcripts (ADMIN, SUPERVISOR)")
            .WithDescription("Filters, all optional and combined: phone (the contact's number, international form), queueId, status (UNASSIGNED, OPEN, CLOSED), from and to (local days in tz, an IANA time zone, UTC by default; inclusive): "
                + "only conversations with messages in that range, and only those messages. Only conversations the caller sees: ADMIN every one, SUPERVISOR those of their queues and those without a queue. "
                + "format: json (default; newline-delimited, one {conversation, messages} object per line), csv (one row per message, as for one conversation) or html (one transcript after another). "
                + "Up to CONVERSATION_EXPORT_SYNC_MAX conversations: streamed while read, conversations in id order. More: 202 Accepted with the background export (Location: /api/v1/exports/{id}); a job writes the same content gzip-compressed, "
                + "downloadable from /api/v1/exports/{id}/file once completed (429 exports.too_many_pending when the caller already has CONVERSATION_EXPORT_MAX_PENDING exports queued or running). "
                + "From after to, an unknown zone, status or format is 400. Audited with the number of conversations.")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces<ConversationExportFileDto>(StatusCodes.Status202Accepted)
            .ProducesAuthProblems(StatusCodes.Status400BadRequest, StatusCodes.Status429TooManyRequests);

        group.MapGet("/{id:guid}/export", Export)
            .WithSummary("Export a conversation with its messages as JSON, CSV or a printable HTML transcript (ADMIN, SUPERVISOR)")
            .WithDescription("format: json (default), csv or html (anything else 400). Streamed as an attachment while the messages are read, oldest first, a page at a time. "
                + "Each message: direction, author (the agent who sent it), type, text (a media message's caption), status with statusAt and the deliveredAt and readAt WhatsApp reported, error, "
                + "and its media: file name, type, size, status and, once the file is stored, mediaUrl: the authenticated download of the message's media (it needs a signed-in user who may see the conversation). "
                + "JSON: {conversation, messages}. CSV: one row per message (conversationId, contactPhone, contactName, queue, messageId, sentAt, direction, author, type, text, status, statusAt, deliveredAt, readAt, errorCode, errorTitle, mediaFileName, mediaType, mediaSize, mediaStatus, mediaUrl); "
                + "cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are prefixed with a single quote. HTML: a self-contained transcript with no script and a content security policy that loads nothing; every text is escaped. "
                + "ADMIN exports any conversation; SUPERVISOR those of their queues and those without a queue; any other answers 404. The export is itself audited.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesAuthProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/assign", Assign)
            .WithSummary("Take a conversation (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("Assigns it to you (OPEN). 409 conversations.taken when another user holds it: moving it is a transfer. Supervisors and administrators taking a closed conversation reopen it.")
            .Produces<ConversationDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/unassign", Unassign)
            .WithSummary("Give a conversation back to its queue (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("Its assignee, a supervisor of its queue or an administrator. It becomes UNASSIGNED and auto-assignment runs.")
            .Produces<ConversationDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/close", Close)
            .WithSummary("Close a conversation (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("Its assignee, a supervisor of its queue or an administrator.")
            .Produces<ConversationDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/reopen", Reopen)
            .WithSummary("Reopen a closed conversation (ADMIN, SUPERVISOR)")
            .WithDescription("It becomes UNASSIGNED in its queue and auto-assignment runs. 409 when it is not closed.")
            .Produces<ConversationDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/read", MarkRead)
            .WithSummary("Mark a conversation's messages read (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription($"Sets its unreadCount (the customer's messages since it was last marked read) back to 0, for the whole team; the desk hears conversation.updated. {Visibility} 409 conversations.changed when it changed meanwhile.")
            .Produces<ConversationDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/transfer", Transfer)
            .WithSummary("Transfer a conversation to a user and/or a queue (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("toUserId: OPEN, assigned to that user (active AGENTE or SUPERVISOR, member of the conversation's queue). toQueueId alone: UNASSIGNED in that queue (linked to the conversation's connection), then auto-assignment. An AGENTE may only transfer conversations they hold. note (up to 500 characters) is kept in the audit trail.")
            .Produces<ConversationDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> List(
        string? status,
        Guid? queueId,
        Guid? assigneeId,
        Guid? connectionId,
        string? referralSourceType,
        string? referralSourceId,
        string? search,
        string? cursor,
        int? limit,
        IMediator mediator,
        CancellationToken ct) =>
        (await mediator.Send(
            new ListConversationsQuery(status, queueId, assigneeId, connectionId, search, cursor, limit ?? ListConversationsQuery.DefaultLimit, referralSourceType, referralSourceId),
            ct)).ToOk();

    private static async Task<IResult> Summary(IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetConversationSummaryQuery(), ct)).ToOk();

    private static async Task<IResult> Start(StartConversationCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToCreated(conversation => $"/api/v1/conversations/{conversation.Id}");

    private static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetConversationQuery(id), ct)).ToOk();

    private static async Task<IResult> ExportSet(string? phone, Guid? queueId, string? status, DateOnly? from, DateOnly? to, string? tz, string? format, HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var result = await mediator.Send(new ExportConversationsCommand(phone, queueId, status, from, to, tz, format, origin), ct);
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        return result.Value switch
        {
            { Export: { } export } => new ConversationExportResult(export),
            { Queued: { } queued } => TypedResults.Accepted(ConversationExportFileDto.Location(queued.Id), queued),
            _ => throw new InvalidOperationException("An export answer is either a stream or a queued export."),
        };
    }

    private static async Task<IResult> Export(Guid id, string? format, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new ExportConversationCommand(id, format), ct);
        return result.IsSuccess ? new ConversationExportResult(result.Value) : result.Error.ToProblem();
    }

    private static async Task<IResult> Assign(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new AssignConversationCommand(id), ct)).ToOk();

    private static async Task<IResult> Unassign(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new UnassignConversationCommand(id), ct)).ToOk();

    private static async Task<IResult> Close(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CloseConversationCommand(id), ct)).ToOk();

    private static async Task<IResult> MarkRead(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new MarkConversationReadCommand(id), ct)).ToOk();

    private static async Task<IResult> Reopen(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ReopenConversationCommand(id), ct)).ToOk();

    private static async Task<IResult> Transfer(Guid id, TransferBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new TransferConversationCommand(id, body.ToUserId, body.ToQueueId, body.Note), ct)).ToOk();
}

/// <summary>Body of <c>POST /api/v1/conversations/{id}/transfer</c>.</summary>
internal sealed record TransferBody(Guid? ToUserId, Guid? ToQueueId, string? Note);
