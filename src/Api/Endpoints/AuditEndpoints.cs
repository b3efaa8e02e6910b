using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.AuditLogs.ListAuditLogs;
using WhatsSuite.Application.AuthEvents.ListAuthEvents;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.Endpoints;

internal sealed class AuditEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit-logs", ListAuditLogs)
            .WithTags("Audit")
            .WithSummary("The audit trail (ADMIN)")
            .WithDescription("One row per command: actor, action, target, outcome (Success, Denied, Invalid, Failed), IP, user agent, request id. Newest first.")
            .Produces<PagedList<AuditLogDto>>()
            .ProducesAuthProblems();

        app.MapGet("/api/v1/auth-events", ListAuthEvents)
            .WithTags("Audit")
            .WithSummary("Authentication events (ADMIN)")
            .WithDescription("Logins (with the failure reason), logouts, forced logouts and password changes. Newest first.")
            .Produces<PagedList<AuthEventDto>>()
            .ProducesAuthProblems();
    }

    private static async Task<IResult> ListAuditLogs([AsParameters] AuditLogParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListAuditLogsQuery(p.ActorId, p.Action, p.Outcome, p.From, p.To, p.Page ?? 1, p.PageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> ListAuthEvents([AsParameters] AuthEventParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListAuthEventsQuery(p.UserId, p.Type, p.From, p.To, p.Page ?? 1, p.PageSize ?? PageDefaults.PageSize), ct)).ToOk();
}

internal sealed record AuditLogParameters(string? ActorId, string? Action, AuditOutcome? Outcome, DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize);

internal sealed record AuthEventParameters(Guid? UserId, AuthEventType? Type, DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize);
