using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Conversations;

/// <summary>The errors of the conversation use cases, with stable codes.</summary>
public static class ConversationErrors
{
    public const string TargetType = "conversation";

    public static readonly Error Taken =
        Error.Conflict("conversations.taken", "Another user is handling this conversation; moving it to someone else is a transfer.");

    public static readonly Error Changed =
        Error.Conflict("conversations.changed", "The conversation was changed by someone else at the same time; reload it and try again.");

    public static readonly Error NotOpen =
        Error.Conflict("conversations.not_open", "Only an OPEN conversation can be given back to its queue.");

    public static readonly Error AlreadyClosed =
        Error.Conflict("conversations.already_closed", "The conversation is already closed.");

    public static readonly Error NotClosed =
        Error.Conflict("conversations.not_closed", "Only a CLOSED conversation can be reopened.");

    public static readonly Error SameAssignee =
        Error.Conflict("conversations.same_assignee", "The conversation is already assigned to this user.");

    public static readonly Error SameQueue =
        Error.Conflict("conversations.same_queue", "The conversation is already waiting in this queue.");

    public static readonly Error NotAssignee =
        Error.Forbidden("conversations.not_assignee", "Only the user handling this conversation, a supervisor of its queue or an administrator may do this.");

    public static readonly Error SupervisorsOnly =
        Error.Forbidden("conversations.supervisors_only", "Only a supervisor of the conversation's queue or an administrator may do this.");

    public static readonly Error TransferTargetInvalid =
        Error.Unprocessable("conversations.transfer_target_invalid", "The user to transfer to must exist, be active and be an AGENTE or SUPERVISOR.");

    public static readonly Error TransferTargetNotMember =
        Error.Unprocessable("conversations.transfer_target_not_member", "The user to transfer to is not a member of the conversation's queue.");

    public static readonly Error QueueNotLinked =
        Error.Unprocessable("conversations.queue_not_linked", "The queue does not exist or is not linked to the conversation's connection.");

    public static readonly Error QueueNotAllowed =
        Error.Unprocessable("conversations.queue_not_allowed", "You are not a member of this queue.");

    public static readonly Error QueueRequired =
        Error.Unprocessable("conversations.queue_required", "The connection serves several queues (or none): choose one with queueId.");

    public static readonly Error ConnectionUnavailable =
        Error.Unprocessable("conversations.connection_unavailable", "The connection does not exist, was deleted or is not active.");

    public static readonly Error ContactOptedOut =
        Error.Unprocessable("contacts.opted_out", "The contact opted out of business messages.");

    public static readonly Error SearchTooBroad =
        Error.Unprocessable("conversations.search_too_broad", "The search matches too much to answer quickly; use a longer or more specific term, or add a filter (status, queue, assignee, connection).");

    public static Error NotFound(Guid id) =>
        Error.NotFound("conversations.not_found", $"Conversation '{id}' does not exist.");

    public static Error AlreadyActive(Guid id)
    {
        var error = Error.Conflict("conversations.already_active", $"An active conversation with this contact already exists on this connection ('{id}').");
        return error with { Details = new Dictionary<string, string> { ["conversationId"] = id.ToString() } };
    }
}
