using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Queues;
using WhatsSuite.Application.Queues.AddQueueMember;
using WhatsSuite.Application.Queues.ClearQueueBusinessHours;
using WhatsSuite.Application.Queues.CreateQueue;
using WhatsSuite.Application.Queues.DeleteQueue;
using WhatsSuite.Application.Queues.GetQueue;
using WhatsSuite.Application.Queues.GetQueueBusinessHours;
using WhatsSuite.Application.Queues.ListQueues;
using WhatsSuite.Application.Queues.RemoveQueueMember;
using WhatsSuite.Application.Queues.SetQueueBusinessHours;
using WhatsSuite.Application.Queues.SetQueueInactivity;
using WhatsSuite.Application.Queues.SetQueueResponseTarget;
using WhatsSuite.Application.Queues.UpdateQueue;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Api.Endpoints;

internal sealed class QueuesEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/queues").WithTags("Queues");

        group.MapGet("/", List)
            .WithSummary("List queues (ADMIN, SUPERVISOR)")
            .Produces<PagedList<QueueDto>>()
            .ProducesAuthProblems();

        group.MapPost("/", Create)
            .WithSummary("Create a queue (ADMIN, SUPERVISOR)")
            .WithDescription("Names are unique regardless of case (409). Strategy: manual (default), round_robin or least_busy; agentCapacity (default 5) caps each agent's open conversations for auto-assignment.")
            .Produces<QueueDto>(StatusCodes.Status201Created)
            .ProducesAuthProblems(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id:guid}", Get)
            .WithSummary("Get a queue with its members (ADMIN, SUPERVISOR)")
            .Produces<QueueDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPut("/{id:guid}", Update)
            .WithSummary("Replace a queue's name, description, strategy and capacity (ADMIN, SUPERVISOR)")
            .Produces<QueueDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);

        group.MapPut("/{id:guid}/response-target", SetResponseTarget)
            .WithSummary("Set a queue's first-response target (ADMIN, SUPERVISOR of the queue)")
            .WithDescription("The service level the dashboards count SLA breaches against: firstResponseTargetSeconds from 1 to 604800 (7 days). New queues start at 300 (5 minutes). A SUPERVISOR may set it only for their own queues (404 otherwise).")
            .Produces<QueueResponseTargetDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType);

        group.MapPut("/{id:guid}/inactivity", SetInactivity)
            .WithSummary("Set a queue's inactivity rule (ADMIN, SUPERVISOR of the queue)")
            .WithDescription("Minutes of silence in an OPEN conversation before its assignee is warned (warnMinutes, 0 to 10080) and before it is closed automatically (closeMinutes, 0 to 43200); 0 for never, null to follow the system default (GET /api/v1/settings). The warning must come before the close. A SUPERVISOR may set it only for their own queues (404 otherwise).")
            .Produces<QueueInactivityDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id:guid}/business-hours", GetBusinessHours)
            .WithSummary("Get a queue's business hours (ADMIN, SUPERVISOR)")
            .WithDescription("The IANA time zone, the weekly ranges and the holidays, with isOpen now and nextOpenAt when closed. A queue without business hours answers timeZone null and empty lists: it is always open.")
            .Produces<QueueBusinessHoursDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPut("/{id:guid}/business-hours", SetBusinessHours)
            .WithSummary("Replace a queue's business hours (ADMIN)")
            .WithDescription("timeZone: an IANA id (Europe/Madrid). weekly: ranges {day, start, end} in local time HH:mm (end up to 24:00), at most 6 per day, each day's in order of start without overlap; a night shift is two ranges on two days. holidays: at most 100 dates {date, name (up to 80 characters), hours}: closed all day with no hours, else open only in those ranges. outOfHoursReply (optional, up to 1024 characters): a text sent automatically, once per closed period, to a customer who writes while the queue is closed (inside the 24-hour customer-service window). outOfHoursTemplate (optional, instead of outOfHoursReply): {name, language, variables} an approved template sent the same way, its variables (body.1, header.1, button.0, ...) mapped to contact.name or text:<value>; it must be sendable on every connection of the queue (422 templates.* as a template send, 422 queues.out_of_hours_template_without_connection). The audit row names the kept change with the hours before and after.")
            .Produces<QueueBusinessHoursDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{id:guid}/business-hours", ClearBusinessHours)
            .WithSummary("Remove a queue's business hours (ADMIN)")
            .WithDescription("The queue is then always open. The audit row names the kept change with the hours removed.")
            .Produces<QueueBusinessHoursDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapDelete("/{id:guid}", Delete)
            .WithSummary("Delete a queue (ADMIN, SUPERVISOR)")
            .WithDescription("The queue disappears from lists; its row is kept so that conversations keep their reference.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPut("/{id:guid}/members/{userId:guid}", AddMember)
            .WithSummary("Add a user to a queue (ADMIN, SUPERVISOR)")
            .WithDescription("Idempotent. The user must exist (404) and be active (422).")
            .Produces<QueueDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMember)
            .WithSummary("Remove a user from a queue (ADMIN, SUPERVISOR)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List(string? search, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListQueuesQuery(search, page ?? 1, pageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> Create(CreateQueueCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToCreated(queue => $"/api/v1/queues/{queue.Id}");

    private static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetQueueQuery(id), ct)).ToOk();

    private static async Task<IResult> Update(Guid id, QueueBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new UpdateQueueCommand(id, body.Name, body.Description, body.Strategy, body.AgentCapacity), ct)).ToOk();

    private static async Task<IResult> SetResponseTarget(Guid id, ResponseTargetBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SetQueueResponseTargetCommand(id, body.FirstResponseTargetSeconds), ct)).ToOk();

    private static async Task<IResult> SetInactivity(Guid id, InactivityBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SetQueueInactivityCommand(id, body.WarnMinutes, body.CloseMinutes), ct)).ToOk();

    private static async Task<IResult> GetBusinessHours(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetQueueBusinessHoursQuery(id), ct)).ToOk();

    private static async Task<IResult> SetBusinessHours(Guid id, BusinessHoursBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SetQueueBusinessHoursCommand(id, body.TimeZone, body.Weekly, body.Holidays, body.OutOfHoursReply, body.OutOfHoursTemplate), ct)).ToOk();

    private static async Task<IResult> ClearBusinessHours(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ClearQueueBusinessHoursCommand(id), ct)).ToOk();

    private static async Task<IResult> Delete(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new DeleteQueueCommand(id), ct)).ToNoContent();

    private static async Task<IResult> AddMember(Guid id, Guid userId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new AddQueueMemberCommand(id, userId), ct)).ToOk();

    private static async Task<IResult> RemoveMember(Guid id, Guid userId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RemoveQueueMemberCommand(id, userId), ct)).ToNoContent();
}

/// <summary>Body of <c>PUT /api/v1/queues/{id}</c>.</summary>
internal sealed record QueueBody(string Name, string? Description, AssignmentStrategy? Strategy, int? AgentCapacity);

/// <summary>Body of <c>PUT /api/v1/queues/{id}/response-target</c>.</summary>
internal sealed record ResponseTargetBody(int? FirstResponseTargetSeconds);

/// <summary>Body of <c>PUT /api/v1/queues/{id}/inactivity</c>.</summary>
internal sealed record InactivityBody(int? WarnMinutes, int? CloseMinutes);

/// <summary>Body of <c>PUT /api/v1/queues/{id}/business-hours</c>.</summary>
internal sealed record BusinessHoursBody(string? TimeZone, IReadOnlyList<WeeklyRangeInput>? Weekly, IReadOnlyList<HolidayInput>? Holidays, string? OutOfHoursReply, OutOfHoursTemplateInput? OutOfHoursTemplate);
