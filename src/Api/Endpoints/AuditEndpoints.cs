using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.AuditLogs.ExportAuditLogs;
using WhatsSuite.Application.AuditLogs.ListAuditLogs;
using WhatsSuite.Application.AuditLogs.VerifyAuditChain;
using WhatsSuite.Application.AuthEvents.ExportAuthEvents;
using WhatsSuite.Application.AuthEvents.ListAuthEvents;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.Endpoints;

internal sealed class AuditEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit-logs", ListAuditLogs)
            .WithName("audit_logs_list")
            .WithTags("Audit")
            .WithSummary("The audit trail (ADMIN)")
            .WithDescription("One row per command: actor, action, target, outcome (Success, Denied, Invalid, Failed), IP, user agent, request id. Newest first.")
            .Produces<PagedList<AuditLogDto>>()
            .ProducesAuthProblems();

        app.MapGet("/api/v1/audit-logs/verify", VerifyAuditChain)
            .WithName("audit_logs_verify")
            .WithTags("Audit")
            .WithSummary("Verifies the audit hash chain (ADMIN)")
            .WithDescription("Walks the audit trail in sequence order and recomputes every hash. Answers intact and the rows checked, or the first broken sequence, its row id and the reason (content_changed, link_broken, row_missing).")
            .Produces<AuditChainVerificationDto>()
            .ProducesAuthProblems();

        app.MapGet("/api/v1/audit-logs/export", ExportAuditLogs)
            .WithName("audit_logs_export")
            .WithTags("Audit")
            .WithSummary("Exports the audit trail as CSV (ADMIN)")
            .WithDescription("Same filters as the list; rows in chain order with their hashes. At most 100,000 rows (422 audit.export_too_large beyond). Cells starting with =, +, -, @, tab or CR are prefixed with a single quote. The export is itself audited.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesAuthProblems();

        app.MapGet("/api/v1/auth-events/export", ExportAuthEvents)
            .WithName("auth_events_export")
            .WithTags("Audit")
            .WithSummary("Exports authentication events as CSV (ADMIN)")
            .WithDescription("Same filters as the list; oldest first. At most 100,000 rows (422 auth_events.export_too_large beyond). Cells starting with =, +, -, @, tab or CR are prefixed with a single quote. The export is itself audited.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesAuthProblems();

        app.MapGet("/api/v1/auth-events", ListAuthEvents)
            .WithName("auth_events_list")
            .WithTags("Audit")
            .WithSummary("Authentication events (ADMIN)")
            .WithDescription("Logins (with the failure reason), logouts, forced logouts and password changes. Newest first.")
            .Produces<PagedList<AuthEventDto>>()
            .ProducesAuthProblems();
    }

    private static async Task<IResult> ListAuditLogs([AsParameters] AuditLogParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListAuditLogsQuery(p.ActorId, p.Action, p.Outcome, p.From, p.To, p.Page ?? 1, p.PageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> VerifyAuditChain(IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new VerifyAuditChainQuery(), ct)).ToOk();

    private static async Task<IResult> ExportAuditLogs([AsParameters] AuditLogExportParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ExportAuditLogsCommand(p.ActorId, p.Action, p.Outcome, p.From, p.To), ct)).ToCsvFile();

    private static async Task<IResult> ExportAuthEvents([AsParameters] AuthEventExportParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ExportAuthEventsCommand(p.UserId, p.Type, p.From, p.To), ct)).ToCsvFile();

    private static async Task<IResult> ListAuthEvents([AsParameters] AuthEventParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListAuthEventsQuery(p.UserId, p.Type, p.From, p.To, p.Page ?? 1, p.PageSize ?? PageDefaults.PageSize), ct)).ToOk();
}

// Init-only properties rather than a positional record: the request delegate generator cannot bind a constructor
// that takes nullable reference types (ADR 0047).
internal sealed record AuditLogParameters
{
    public string? ActorId { get; init; }

    public string? Action { get; init; }

    public AuditOutcome? Outcome { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int? Page { get; init; }

    public int? PageSize { get; init; }
}

internal sealed record AuthEventParameters
{
    public Guid? UserId { get; init; }

    public AuthEventType? Type { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int? Page { get; init; }

    public int? PageSize { get; init; }
}

/// <summary>The filters of the audit-log list; an export has no pages.</summary>
internal sealed record AuditLogExportParameters
{
    public string? ActorId { get; init; }

    public string? Action { get; init; }

    public AuditOutcome? Outcome { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }
}

/// <summary>The filters of the auth-event list; an export has no pages.</summary>
internal sealed record AuthEventExportParameters
{
    public Guid? UserId { get; init; }

    public AuthEventType? Type { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }
}
