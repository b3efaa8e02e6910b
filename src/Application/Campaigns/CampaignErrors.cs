using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Campaigns;

/// <summary>Errors of the campaign use cases.</summary>
public static class CampaignErrors
{
    public const string TargetType = "campaign";

    public static readonly Error NotDraft =
        Error.Conflict("campaigns.not_draft", "Only a draft campaign can be edited.");

    public static readonly Error Changed =
        Error.Conflict("campaigns.changed", "The campaign was changed by another request at the same moment; reload it and try again.");

    public static readonly Error QueueNotLinked =
        Error.Unprocessable("campaigns.queue_not_linked", "The queue for replies must exist and be linked to every connection of the campaign.");

    public static Error NotFound(Guid id) =>
        Error.NotFound("campaigns.not_found", $"Campaign '{id}' does not exist.");

    public static Error ConnectionUnavailable(Guid id) =>
        Error.Unprocessable("campaigns.connection_unavailable", $"Connection '{id}' does not exist, is deleted or is not active.");

    public static Error PaceTooHigh(int max) =>
        Error.Unprocessable("campaigns.pace_too_high", $"messagesPerSecond can be at most {max}: the lowest send rate of the campaign's connections.");

    public static Error TemplateUnusable(Guid connectionId, string reason) =>
        Error.Unprocessable("campaigns.template_unusable", $"The template cannot be sent on connection '{connectionId}': {reason}");

    public static Error AudienceNeedsColumns(IReadOnlyList<string> columns) =>
        Error.Unprocessable("campaigns.audience_needs_columns", $"The template's variables take {string.Join(", ", columns)} from columns of an uploaded file; upload the audience as a file, or map them to contact fields or text.");

    public static Error InvalidTransition(string from, string to) =>
        Error.Conflict("campaigns.invalid_transition", $"A {from} campaign cannot become {to}.");
}
