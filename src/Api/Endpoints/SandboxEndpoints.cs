using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Sandbox.SimulateInboundMessage;

namespace WhatsSuite.Api.Endpoints;

internal sealed class SandboxEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sandbox").WithTags("Sandbox");

        group.MapPost("/connections/{id:guid}/inbound", Inbound)
            .WithSummary("Simulate a customer message on a sandbox connection (ADMIN, SUPERVISOR)")
            .WithDescription("Builds the webhook WhatsApp would send (text, image with caption, or reaction), signs it with the connection's app secret and delivers it through the webhook receiver. 404 when SANDBOX_ENABLED is off or the connection is not a sandbox one.")
            .Produces<SimulatedInboundDto>(StatusCodes.Status202Accepted)
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> Inbound(Guid id, SandboxInboundBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SimulateInboundMessageCommand(id, body.From ?? string.Empty, body.Name, body.Type, body.Text, body.Caption, body.ReactTo), ct)).ToAccepted();
}

/// <summary>Body of <c>POST /api/v1/sandbox/connections/{id}/inbound</c>.</summary>
internal sealed record SandboxInboundBody(string? From, string? Name, string? Type, string? Text, string? Caption, string? ReactTo);
