using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Webhooks;

public static class WebhookErrors
{
    public const string InboxTargetType = "webhook_inbox_entry";

    public static readonly Error VerificationRefused =
        Error.Forbidden("webhooks.verification_refused", "The verification request does not match this connection's verify token.");

    public static readonly Error NotFailed =
        Error.Conflict("webhooks.not_failed", "Only a failed delivery can be retried.");

    public static Error EntryNotFound(Guid id) =>
        Error.NotFound("webhooks.inbox_entry_not_found", $"Webhook delivery '{id}' does not exist.");
}
