using System.Text.Json.Serialization;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Webhooks.SplitOffWebhookItem;

/// <summary>
/// The item a delivery's processing stopped at could not be stored (<see cref="Error"/>): it is split off into an
/// inbox entry of its own, which keeps the error and is retried with backoff (then waits, failed, for an
/// administrator), and the delivery goes on with its next item. A delivery of one item is not split: the
/// caller records the failure on the delivery itself. Sent by the inbox processor as the system actor.
/// </summary>
[SystemOnly]
public sealed record SplitOffWebhookItemCommand(Guid EntryId, string Error) : ICommand<Result<SplitOffResult>>, IAuditTarget
{
    public string AuditTargetType => WebhookErrors.InboxTargetType;

    public string? AuditTargetId => EntryId.ToString();
}

public enum SplitOffResult
{
    /// <summary>The item is now an entry of its own; the delivery continues after it.</summary>
    [JsonStringEnumMemberName("split")]
    Split = 1,

    /// <summary>The delivery holds only this item (or cannot be read item by item): its own failure is recorded.</summary>
    [JsonStringEnumMemberName("only_item")]
    OnlyItem = 2,

    /// <summary>The delivery is no longer pending.</summary>
    [JsonStringEnumMemberName("not_pending")]
    NotPending = 3,
}
