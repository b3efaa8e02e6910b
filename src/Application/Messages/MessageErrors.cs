using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Messages;

public static class MessageErrors
{
    public const string ConversationNotFoundCode = "conversations.not_found";

    public static readonly Error ConversationClosed =
        Error.Conflict("conversations.closed", "The conversation is closed; reopen it before sending.");

    public static readonly Error NotAssignee =
        Error.Forbidden("conversations.not_assignee", "Only the conversation's assignee, a supervisor of its queue or an administrator may send in it.");

    public static readonly Error ConversationChanged =
        Error.Conflict("conversations.changed", "The conversation changed while the message was being queued; send it again.");

    public static readonly Error ConnectionDeleted =
        Error.Unprocessable("connections.deleted", "The conversation's WhatsApp connection was deleted; nothing can be sent through it.");

    public static readonly Error ConnectionInvalidCredentials =
        Error.Unprocessable("connections.invalid_credentials", "WhatsApp refused the connection's access token; an administrator must replace it before messages can be sent.");

    public static readonly Error ConnectionDisabled =
        Error.Unprocessable("connections.disabled", "The conversation's WhatsApp connection is disabled.");

    public static readonly Error OutsideServiceWindow =
        Error.Unprocessable("messages.outside_service_window", "The customer has not written in the last 24 hours, so WhatsApp only accepts an approved template: send a message of type 'template'.");

    public static readonly Error ContactOptedOut =
        Error.Unprocessable("contacts.opted_out", "The contact opted out of business-initiated messages; templates cannot be sent to them.");

    public static readonly Error ReplyTargetNotFound =
        Error.Unprocessable("messages.reply_target_not_found", "The message to reply to is not a message of this conversation known to WhatsApp.");

    public static Error ConversationNotFound(Guid id) =>
        Error.NotFound(ConversationNotFoundCode, $"Conversation '{id}' does not exist.");

    /// <summary>The audit target type of a message (the outbox's send results).</summary>
    public const string TargetType = "message";

    public static Error MessageNotFound(Guid id) =>
        Error.NotFound("messages.not_found", $"Outbound message '{id}' does not exist.");
}
