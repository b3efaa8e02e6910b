using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Webhooks.RecordWebhookFailure;

/// <summary>
/// A pending delivery could not be processed (<see cref="Error"/>): the attempt is recorded on the entry, which is
/// retried with backoff (<see cref="WebhookRetryPolicy"/>) until <c>WEBHOOK_MAX_ATTEMPTS</c>, then waits, failed, for
/// an administrator. An entry that is no longer pending is left alone. Sent by the inbox processor as the system actor.
/// </summary>
[SystemOnly]
public sealed record RecordWebhookFailureCommand(Guid EntryId, string Error) : ICommand<Result<WebhookFailureRecorded>>, IAuditTarget
{
    public string AuditTargetType => WebhookErrors.InboxTargetType;

    public string? AuditTargetId => EntryId.ToString();
}

/// <summary>What was recorded: the attempts so far and the next one, or null when the entry failed for good (or was not pending).</summary>
public sealed record WebhookFailureRecorded(bool Recorded, int Attempts, DateTimeOffset? NextAttemptAt);
