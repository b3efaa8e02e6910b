using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Archives.FindArchivedConversations;
using WhatsSuite.Application.Archives.ListArchives;
using WhatsSuite.Application.Archives.ReadArchivedConversation;
using WhatsSuite.Application.Archives.RestoreArchive;
using WhatsSuite.Application.Common.Paging;

namespace WhatsSuite.Api.Endpoints;

/// <summary>The cold archive (ADR 0033): months past retention, the conversations they hold, reading and restoring them.</summary>
internal sealed class ArchiveEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/archive").WithTags("Archive");

        group.MapGet("/", List)
            .WithName("archive_list")
            .WithSummary("Archives of months past retention (ADMIN)")
            .WithDescription("One archive per history table (messages, message_status_events, webhook_inbox, audit_logs) and month moved out of the live database by the archive-history job: its period, rows, the SHA-256 and size of its file, and when it was last restored. Newest month first; filter by table.")
            .Produces<PagedList<HistoryArchiveDto>>()
            .ProducesAuthProblems();

        group.MapGet("/conversations", FindConversations)
            .WithName("archive_conversations_find")
            .WithSummary("Conversations with archived messages (ADMIN)")
            .WithDescription("Found by the contact's phone number (international form) or id, and by the time of their archived messages (from, to). Each with its contact, the number of archived messages, their time span and the archives holding them. Latest archived message first.")
            .Produces<PagedList<ArchivedConversationDto>>()
            .ProducesAuthProblems();

        group.MapGet("/conversations/{id:guid}/messages", ReadConversation)
            .WithName("archive_conversation_messages")
            .WithSummary("An archived conversation's messages (ADMIN)")
            .WithDescription("Read from every archive file holding some of them, oldest first. Each file is streamed and its SHA-256 checked against the recorded one: a file missing or changed answers 409 (archives.file_missing, archives.checksum_mismatch) and nothing of it is returned. 404 archives.conversation_not_archived when no archive holds the conversation.")
            .Produces<ArchivedConversationMessagesDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        group.MapPost("/{id:guid}/restore", Restore)
            .WithName("archive_restore")
            .WithSummary("Restore an archive into the live database (ADMIN)")
            .WithDescription("Puts the archive's rows (and, for messages, their media) back, in one transaction committed only when the whole file matched its recorded SHA-256. Rows already live are skipped: restoring twice adds nothing (rowsRestored 0). The month then stays live for 30 days before retention archives it again. Audited.")
            .Produces<RestoredArchiveDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> List([AsParameters] ArchiveListParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListArchivesQuery(p.Table, p.Page ?? 1, p.PageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> FindConversations([AsParameters] ArchivedConversationParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new FindArchivedConversationsQuery(p.Phone, p.ContactId, p.From, p.To, p.Page ?? 1, p.PageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> ReadConversation(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ReadArchivedConversationQuery(id), ct)).ToOk();

    private static async Task<IResult> Restore(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RestoreArchiveCommand(id), ct)).ToOk();
}

// Init-only properties rather than a positional record: the request delegate generator cannot bind a constructor
// that takes nullable reference types (ADR 0047).
internal sealed record ArchiveListParameters
{
    public string? Table { get; init; }

    public int? Page { get; init; }

    public int? PageSize { get; init; }
}

internal sealed record ArchivedConversationParameters
{
    public string? Phone { get; init; }

    public Guid? ContactId { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int? Page { get; init; }

    public int? PageSize { get; init; }
}
