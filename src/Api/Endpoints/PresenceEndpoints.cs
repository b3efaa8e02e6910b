using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Presence;
using WhatsSuite.Application.Presence.ListPresence;
using WhatsSuite.Application.Presence.SetAvailability;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Api.Endpoints;

internal sealed class PresenceEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/presence").WithTags("Presence");

        group.MapGet("/", List)
            .WithSummary("Who is online (ADMIN, SUPERVISOR)")
            .WithDescription("Active users with at least one desk connection open on any instance, by name, with their availability (available or away) and number of connections. The desk hub's presence.changed events keep it current.")
            .Produces<IReadOnlyList<PresenceDto>>()
            .ProducesAuthProblems();

        group.MapPut("/me", SetAvailability)
            .WithSummary("Set your own availability")
            .WithDescription("available: auto-assignment may hand you conversations while you are online on the desk; away: it skips you. Audited; supervisors hear about it.")
            .Produces<MyPresenceDto>()
            .ProducesAuthProblems(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> List(IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListPresenceQuery(), ct)).ToOk();

    private static async Task<IResult> SetAvailability(AvailabilityBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SetAvailabilityCommand(body.Availability), ct)).ToOk();
}

/// <summary>Body of <c>PUT /api/v1/presence/me</c>.</summary>
internal sealed record AvailabilityBody(Availability? Availability);
