using Mediator;
using Microsoft.AspNetCore.Mvc;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Webhooks;
using WhatsSuite.Application.Webhooks.ListWebhookInbox;
using WhatsSuite.Application.Webhooks.RetryWebhookDelivery;
using WhatsSuite.Application.Webhooks.VerifyAppWebhookSubscription;
using WhatsSuite.Application.Webhooks.VerifyWebhookSubscription;

namespace WhatsSuite.Api.Endpoints;

internal sealed class WebhooksEndpoints : IEndpointGroup
{
    /// <summary>Meta's deliveries are at most 3 MB.</summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    public const string WhatsAppPath = "/api/v1/webhooks/whatsapp";

    public static void Map(IEndpointRouteBuilder app)
    {
        var whatsapp = app.MapGroup(WhatsAppPath).WithTags("Webhooks").AllowAnonymous();

        whatsapp.MapGet("/apps/{metaAppId}", VerifyApp)
            .WithName("whatsapp_app_webhook_verify")
            .WithSummary("App-level webhook verification, called by Meta (public)")
            .WithDescription("For a Meta app whose numbers share one callback URL: answers 200 text/plain with hub.challenge when hub.mode is 'subscribe' and hub.verify_token is the webhook verify token of one of the app's connections (metaAppId); 403 otherwise.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblems(StatusCodes.Status403Forbidden);

        whatsapp.MapPost("/apps/{metaAppId}", ReceiveApp)
            .WithName("whatsapp_app_webhook_receive")
            .WithSummary("App-level webhook delivery, called by Meta (public, signed)")
            .WithDescription("Meta sends every number of an app to the app's callback URL. The raw body (at most 3 MB) must carry X-Hub-Signature-256 keyed with the app secret the app's connections share. A valid delivery is stored before the 200 answer; processing routes each change to the connection whose phone number id it names (a delivery mixing numbers is split per connection) and keeps a change no connection of the app matches as a failed inbox entry. A missing or wrong signature answers 401 and an app no connection belongs to 404, storing nothing.")
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);

        whatsapp.MapGet("/{connectionId:guid}", Verify)
            .WithName("whatsapp_webhook_verify")
            .WithSummary("Webhook verification, called by Meta (public)")
            .WithDescription("Answers 200 text/plain with hub.challenge when hub.mode is 'subscribe' and hub.verify_token is the connection's verify token; 403 otherwise (also for unknown or deleted connections).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblems(StatusCodes.Status403Forbidden);

        whatsapp.MapPost("/{connectionId:guid}", Receive)
            .WithName("whatsapp_webhook_receive")
            .WithSummary("Webhook delivery, called by Meta (public, signed)")
            .WithDescription("The raw body (at most 3 MB) must carry X-Hub-Signature-256: sha256=<hex HMAC-SHA256 keyed with the connection's app secret>. A valid delivery is stored before the 200 answer and processed in the background; a missing or wrong signature answers 401 and an unknown connection 404, storing nothing. A change for another phone number id than the connection's is not processed: it is kept as a failed inbox entry with the reason.")
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);

        var inbox = app.MapGroup("/api/v1/webhooks/inbox").WithTags("Webhooks");

        inbox.MapGet("/", List)
            .WithName("webhook_inbox_list")
            .WithSummary("List stored webhook deliveries (ADMIN)")
            .WithDescription("Newest first; status filters on pending, processed or failed; parentId lists the entries split off from a delivery (its items that could not be stored, or its numbers' shares of an app delivery).")
            .Produces<PagedList<WebhookInboxEntryDto>>()
            .ProducesAuthProblems();

        inbox.MapPost("/{id:guid}/retry", Retry)
            .WithName("webhook_inbox_retry")
            .WithSummary("Retry a failed webhook delivery (ADMIN)")
            .WithDescription("Only failed deliveries (409 otherwise); the delivery is queued again and answered 202.")
            .Produces<WebhookInboxEntryDto>(StatusCodes.Status202Accepted)
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> Verify(
        Guid connectionId,
        [FromQuery(Name = "hub.mode")] string? mode,
        [FromQuery(Name = "hub.verify_token")] string? verifyToken,
        [FromQuery(Name = "hub.challenge")] string? challenge,
        IMediator mediator,
        CancellationToken ct)
    {
        var result = await mediator.Send(new VerifyWebhookSubscriptionQuery(connectionId, mode, verifyToken, challenge), ct);
        return result.IsSuccess ? TypedResults.Text(result.Value, "text/plain") : result.Error.ToProblem();
    }

    private static async Task<IResult> VerifyApp(
        string metaAppId,
        [FromQuery(Name = "hub.mode")] string? mode,
        [FromQuery(Name = "hub.verify_token")] string? verifyToken,
        [FromQuery(Name = "hub.challenge")] string? challenge,
        IMediator mediator,
        CancellationToken ct)
    {
        var result = await mediator.Send(new VerifyAppWebhookSubscriptionQuery(metaAppId, mode, verifyToken, challenge), ct);
        return result.IsSuccess ? TypedResults.Text(result.Value, "text/plain") : result.Error.ToProblem();
    }

    private static async Task<IResult> Receive(Guid connectionId, HttpRequest request, IWebhookReceiver receiver, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct);
        if (body is null)
        {
            return TooLarge();
        }

        var receipt = await receiver.ReceiveAsync(connectionId, body.Value, request.Headers[WebhookSignature.HeaderName].ToString(), ct);
        return Answer(receipt, () => WebhookErrors.ConnectionNotFound(connectionId));
    }

    private static async Task<IResult> ReceiveApp(string metaAppId, HttpRequest request, IWebhookReceiver receiver, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct);
        if (body is null)
        {
            return TooLarge();
        }

        var receipt = await receiver.ReceiveForAppAsync(metaAppId, body.Value, request.Headers[WebhookSignature.HeaderName].ToString(), ct);
        return Answer(receipt, () => WebhookErrors.AppNotFound);
    }

    private static IResult TooLarge() =>
        WebhookErrors.DeliveryTooLarge(MaxBodyBytes).ToProblem(StatusCodes.Status413PayloadTooLarge);

    private static IResult Answer(WebhookReceipt receipt, Func<Error> notFound) => receipt switch
    {
        WebhookReceipt.Stored => TypedResults.Ok(),
        WebhookReceipt.InvalidSignature => WebhookErrors.InvalidSignature.ToProblem(StatusCodes.Status401Unauthorized),
        _ => notFound().ToProblem(),
    };

    /// <summary>The raw body as sent, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream((int)(request.ContentLength ?? 4096));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static async Task<IResult> List(string? status, Guid? parentId, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListWebhookInboxQuery(status, page ?? 1, pageSize ?? PageDefaults.PageSize, parentId), ct)).ToOk();

    private static async Task<IResult> Retry(Guid id, IMediator mediator, IBackgroundWorkSignal signal, CancellationToken ct)
    {
        var result = await mediator.Send(new RetryWebhookDeliveryCommand(id), ct);
        if (result.IsSuccess)
        {
            signal.Notify(BackgroundWork.WebhookInbox);
        }

        return result.ToAccepted();
    }
}
