using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.QuickReplies;

/// <summary>The errors of the quick-reply use cases, with stable codes.</summary>
public static class QuickReplyErrors
{
    public const string TargetType = "quick_reply";

    public static readonly Error ShortcutTaken =
        Error.Conflict("quick_replies.shortcut_taken", "Another quick reply of the same queue (or of yours) already uses this shortcut.");

    public static readonly Error NotQueueSupervisor =
        Error.Forbidden("quick_replies.not_queue_supervisor", "Only an administrator or a supervisor of the queue may manage its team replies.");

    public static Error NotFound(Guid id) =>
        Error.NotFound("quick_replies.not_found", $"Quick reply '{id}' does not exist.");

    public static Error UnknownVariables(IEnumerable<string> variables) =>
        Error.Unprocessable(
            "quick_replies.unknown_variable",
            $"Unknown variables: {string.Join(", ", variables.Select(v => "{{" + v + "}}"))}. Known: {{{{contact.name}}}}, {{{{contact.phone}}}}, {{{{agent.name}}}}.");
}
