using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Sandbox;
using WhatsSuite.Application.Sandbox.SimulateInboundMessage;

namespace WhatsSuite.Api.Endpoints;

internal sealed class SandboxEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sandbox").WithTags("Sandbox");

        group.MapPost("/connections/{id:guid}/inbound", Inbound)
            .WithSummary("Simulate a customer message on a sandbox connection (ADMIN, SUPERVISOR)")
            .WithDescription("Builds the webhook WhatsApp would send (text, image with caption, audio voice note, or reaction; an image or audio is a real generated file that the media download fetches like any other), signs it with the connection's app secret and delivers it through the webhook receiver. A customer with a WhatsApp username is simulated with userId (a business-scoped user id such as US.13491208655302741918) and username, and without from when their number is withheld. 404 when SANDBOX_ENABLED is off or the connection is not a sandbox one.")
            .Produces<SimulatedInboundDto>(StatusCodes.Status202Accepted)
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>Signs the simulated delivery (one audited command), then posts it to the webhook receiver as Meta would.</summary>
    private static async Task<IResult> Inbound(Guid id, SandboxInboundBody body, IMediator mediator, IWebhookReceiver receiver, CancellationToken ct)
    {
        var from = body.From ?? (body.UserId is null ? string.Empty : null);
        var signed = await mediator.Send(new SimulateInboundMessageCommand(id, from, body.Name, body.Type, body.Text, body.Caption, body.ReactTo, body.UserId, body.Username), ct);
        if (!signed.IsSuccess)
        {
            return signed.Error.ToProblem();
        }

        var delivery = signed.Value;
        var receipt = await receiver.ReceiveAsync(delivery.ConnectionId, delivery.Body, delivery.Signature, ct);
        return receipt == WebhookReceipt.Stored
            ? TypedResults.Json(new SimulatedInboundDto(delivery.Wamid, delivery.From, delivery.UserId), statusCode: StatusCodes.Status202Accepted)
            : SandboxErrors.ConnectionNotFound(id).ToProblem();
    }
}

/// <summary>Body of <c>POST /api/v1/sandbox/connections/{id}/inbound</c>.</summary>
internal sealed record SandboxInboundBody(string? From, string? Name, string? Type, string? Text, string? Caption, string? ReactTo, string? UserId = null, string? Username = null);
