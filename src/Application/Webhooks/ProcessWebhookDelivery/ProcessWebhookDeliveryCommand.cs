using System.Text.Json.Serialization;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;

/// <summary>
/// Processes stored webhook deliveries, one or a batch in one transaction: contacts, conversations and
/// messages from <c>value.messages</c>, delivery statuses from <c>value.statuses</c>. Idempotent: a message
/// already stored (connection, wamid) and a status already recorded (wamid, status) are skipped, also within
/// the batch. Sent by the inbox processor as the system actor; not audited per delivery (the inbox entry
/// records the outcome).
/// </summary>
[SystemOnly]
[NotAudited]
public sealed record ProcessWebhookDeliveryCommand(IReadOnlyList<Guid> EntryIds) : ICommand<Result<WebhookDeliveryOutcome>>, IAuditTarget
{
    public ProcessWebhookDeliveryCommand(Guid entryId)
        : this([entryId])
    {
    }

    public string AuditTargetType => WebhookErrors.InboxTargetType;

    public string? AuditTargetId => EntryIds.Count == 1 ? EntryIds[0].ToString() : null;
}

/// <summary>What processing did (for a batch: processed when any entry was), and how many conversations now wait UNASSIGNED (new or reopened).</summary>
public sealed record WebhookDeliveryOutcome(WebhookDeliveryResult Result, int MessagesStored, int ConversationsAwaitingAssignment);

public enum WebhookDeliveryResult
{
    /// <summary>Processed; the entry is marked processed.</summary>
    [JsonStringEnumMemberName("processed")]
    Processed = 1,

    /// <summary>The body is not JSON, or not a payload that can be stored: the entry failed for good at once.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected = 2,

    /// <summary>The entry was no longer pending (another worker handled it).</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped = 3,
}
