using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Webhooks;

public static class WebhookErrors
{
    public const string InboxTargetType = "webhook_inbox_entry";

    public static readonly Error VerificationRefused =
        Error.Forbidden("webhooks.verification_refused", "The verification request does not match this connection's verify token.");

    public static readonly Error NotFailed =
        Error.Conflict("webhooks.not_failed", "Only a failed delivery can be retried.");

    public static readonly Error InvalidSignature =
        Error.Unauthorized("webhooks.invalid_signature", "The X-Hub-Signature-256 header is missing or does not match the body.");

    public static readonly Error AppNotFound =
        Error.NotFound("webhooks.app_not_found", "No connection belongs to this Meta app.");

    public static Error ConnectionNotFound(Guid connectionId) =>
        Error.NotFound("webhooks.connection_not_found", $"Connection '{connectionId}' does not exist.");

    /// <summary>Answered with 413: Meta's deliveries are at most <paramref name="maxBytes"/> bytes.</summary>
    public static Error DeliveryTooLarge(int maxBytes) =>
        Error.Unprocessable("payload_too_large", $"A webhook delivery is at most {maxBytes} bytes.");

    public static Error EntryNotFound(Guid id) =>
        Error.NotFound("webhooks.inbox_entry_not_found", $"Webhook delivery '{id}' does not exist.");
}
