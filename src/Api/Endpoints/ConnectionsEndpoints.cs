using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Connections;
using WhatsSuite.Application.Connections.CheckConnectionCredentials;
using WhatsSuite.Application.Connections.CreateConnection;
using WhatsSuite.Application.Connections.DeleteConnection;
using WhatsSuite.Application.Connections.GetConnection;
using WhatsSuite.Application.Connections.LinkConnectionQueue;
using WhatsSuite.Application.Connections.ListConnectionEvents;
using WhatsSuite.Application.Connections.ListConnections;
using WhatsSuite.Application.Connections.UnlinkConnectionQueue;
using WhatsSuite.Application.Connections.UpdateConnection;

namespace WhatsSuite.Api.Endpoints;

internal sealed class ConnectionsEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/connections").WithTags("Connections");

        group.MapGet("/", List)
            .WithSummary("List WhatsApp connections (ADMIN, SUPERVISOR)")
            .WithDescription("Filters: status (active, invalid_credentials, disabled), provider (cloud_api, sandbox), search (name); page, pageSize. webhookVerifyToken is shown to ADMINs only (null otherwise).")
            .Produces<PagedList<ConnectionDto>>()
            .ProducesAuthProblems();

        group.MapPost("/", Create)
            .WithSummary("Create a WhatsApp connection (ADMIN)")
            .WithDescription("provider cloud_api needs phoneNumberId, accessToken and appSecret; sandbox generates what is omitted. The access token and app secret are stored encrypted and never returned. The answer carries the generated webhook verify token and the webhook path to paste into Meta's webhook settings. Names and phone number ids are unique (409). metaAppId (digits) puts the number in a Meta app whose numbers share one callback URL (appWebhookPath) and one app secret: when the app already has connections, appSecret may be omitted, and a different one is 409 connections.app_secret_mismatch.")
            .Produces<ConnectionDto>(StatusCodes.Status201Created)
            .ProducesAuthProblems(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id:guid}", Get)
            .WithSummary("Get a WhatsApp connection with its queues (ADMIN, SUPERVISOR)")
            .WithDescription("webhookVerifyToken is shown to ADMINs only (null otherwise).")
            .Produces<ConnectionDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPut("/{id:guid}", Update)
            .WithSummary("Replace a WhatsApp connection's settings (ADMIN, SUPERVISOR)")
            .WithDescription("name, phoneNumberId, displayNumber, sendRateLimitPerSecond and enabled are required; wabaId and metaAppId optional (an omitted metaAppId takes the number out of its app). accessToken and appSecret replace the stored ones when given (a new token clears invalid_credentials) and are kept when omitted; a new appSecret of a number of a Meta app is given to every connection of the app. Only an ADMIN may change phoneNumberId, wabaId, metaAppId, accessToken or appSecret: a SUPERVISOR sends the current values and no secrets, else 403 connections.credentials_admin_only.")
            .Produces<ConnectionDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id:guid}", Delete)
            .WithSummary("Delete a WhatsApp connection (ADMIN)")
            .WithDescription("The connection disappears and its queue links go; its row is kept so that conversations keep their reference. Its name and phone number id become free.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPut("/{id:guid}/queues/{queueId:guid}", LinkQueue)
            .WithSummary("Link a queue to a WhatsApp connection (ADMIN, SUPERVISOR)")
            .WithDescription("Idempotent. The queue must exist (404).")
            .Produces<ConnectionDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        group.MapDelete("/{id:guid}/queues/{queueId:guid}", UnlinkQueue)
            .WithSummary("Unlink a queue from a WhatsApp connection (ADMIN, SUPERVISOR)")
            .WithDescription("Idempotent. The queue must exist (404).")
            .Produces<ConnectionDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/events", Events)
            .WithSummary("List the notifications WhatsApp sent about a connection (ADMIN, SUPERVISOR)")
            .WithDescription("Newest first: webhook fields other than messages (account_update, message_template_status_update, phone_number_quality_update, user_preferences, automatic_events, ...), errors WhatsApp reported and statuses WhatsSuite does not track, each with its payload and outcome: applied (a contact's marketing opt-out, the number's quality on the connection, a template's status), or stored (including a template status about a template not synced yet, or older than the known status). field filters; page, pageSize.")
            .Produces<PagedList<ConnectionEventDto>>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/check", Check)
            .WithSummary("Check a WhatsApp connection's credentials with WhatsApp (ADMIN, SUPERVISOR)")
            .WithDescription("A refused token marks the connection invalid_credentials; an accepted one makes it active again. When WhatsApp cannot be reached the status is left unchanged.")
            .Produces<CredentialsCheckDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List(string? search, string? status, string? provider, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListConnectionsQuery(search, status, provider, page ?? 1, pageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> Create(CreateConnectionCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToCreated(connection => $"/api/v1/connections/{connection.Id}");

    private static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetConnectionQuery(id), ct)).ToOk();

    private static async Task<IResult> Update(Guid id, ConnectionBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(
            new UpdateConnectionCommand(id, body.Name, body.PhoneNumberId, body.WabaId, body.DisplayNumber, body.SendRateLimitPerSecond, body.Enabled, body.AccessToken, body.AppSecret, body.MetaAppId),
            ct)).ToOk();

    private static async Task<IResult> Delete(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new DeleteConnectionCommand(id), ct)).ToNoContent();

    private static async Task<IResult> LinkQueue(Guid id, Guid queueId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new LinkConnectionQueueCommand(id, queueId), ct)).ToOk();

    private static async Task<IResult> UnlinkQueue(Guid id, Guid queueId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new UnlinkConnectionQueueCommand(id, queueId), ct)).ToOk();

    private static async Task<IResult> Events(Guid id, string? field, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListConnectionEventsQuery(id, field, page ?? 1, pageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> Check(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CheckConnectionCredentialsCommand(id), ct)).ToOk();
}

/// <summary>Body of <c>PUT /api/v1/connections/{id}</c>.</summary>
internal sealed record ConnectionBody(
    string Name,
    string PhoneNumberId,
    string? WabaId,
    string DisplayNumber,
    int? SendRateLimitPerSecond,
    bool? Enabled,
    string? AccessToken,
    string? AppSecret,
    string? MetaAppId = null)
{
    /// <summary>Leaves the secrets out of any log line.</summary>
    public override string ToString() => $"{nameof(ConnectionBody)} {{ Name = {Name} }}";
}
