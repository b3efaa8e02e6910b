using System.Text.Json.Serialization;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;

/// <summary>
/// Processes stored webhook deliveries, one or a batch in one transaction, at most
/// <see cref="Common.Messaging.MessagingOptions.WebhookMaxItemsPerTransaction"/> items (or <see cref="ItemLimit"/>)
/// in all: contacts, conversations and messages from <c>value.messages</c>, delivery statuses from
/// <c>value.statuses</c>, other notifications as connection events. A delivery with more items continues in a
/// later transaction, after the deliveries waiting behind it; deliveries that did not fit are released at once.
/// App-level deliveries are routed to their numbers. Idempotent: a message already stored (connection, wamid), a
/// status already recorded (wamid, status) and a notification already stored are skipped, also within the batch.
/// An item that cannot be stored is split off into an inbox entry of its own with its reason. Sent by the inbox
/// processor as the system actor <c>job:webhook-inbox</c>, and audited like any command: one row per transaction (a batch
/// of deliveries, or one), whose reason counts the deliveries and the messages stored; the inbox entry keeps each
/// delivery's own outcome. <see cref="ContinuedByCaller"/>: the caller goes on with the entry's next items itself (the
/// processor's item-by-item fallback), so a continuing entry keeps the lease its claim gave it instead of becoming due
/// again at once, and no other loop or instance takes it meanwhile.
/// </summary>
[SystemOnly]
public sealed record ProcessWebhookDeliveryCommand(IReadOnlyList<Guid> EntryIds, int? ItemLimit = null, bool ContinuedByCaller = false)
    : ICommand<Result<WebhookDeliveryOutcome>>, IAuditTarget
{
    public ProcessWebhookDeliveryCommand(Guid entryId, int? itemLimit = null, bool continuedByCaller = false)
        : this([entryId], itemLimit, continuedByCaller)
    {
    }

    public string AuditTargetType => WebhookErrors.InboxTargetType;

    public string? AuditTargetId => EntryIds.Count == 1 ? EntryIds[0].ToString() : null;
}

/// <summary>
/// What processing did (for a batch: processed when any entry was), how many conversations now wait UNASSIGNED
/// (new or reopened), and how many of the entries are still pending for another pass (a large delivery's next
/// chunk, or deliveries that did not fit in this transaction).
/// </summary>
public sealed record WebhookDeliveryOutcome(WebhookDeliveryResult Result, int MessagesStored, int ConversationsAwaitingAssignment, int Continuing = 0);

public enum WebhookDeliveryResult
{
    /// <summary>Processed; the entry is marked processed (or continues with its next chunk).</summary>
    [JsonStringEnumMemberName("processed")]
    Processed = 1,

    /// <summary>The body is not JSON, or not a payload that can be stored: the entry failed for good at once.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected = 2,

    /// <summary>The entry was no longer pending (another worker handled it).</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped = 3,
}
