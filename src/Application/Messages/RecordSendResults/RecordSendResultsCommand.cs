using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Messages.RecordSendResults;

/// <summary>
/// Records what became of sends from the outbox that finished together, in one transaction, each message by the same
/// rules as if it were alone: accepted (the wamid, and any status WhatsApp reported before the answer), a retry with
/// backoff (<see cref="OutboxRetryPolicy"/>) while attempts remain, or failed; a refused token
/// (<see cref="GatewayError.CredentialsInvalid"/>, Graph error 190) also marks the connection <c>invalid_credentials</c>.
/// A message that already left the outbox (or no longer exists) is left alone. Audited with one row for the group (how
/// many were sent, retried, failed) and one row per message with its outcome (<c>sent</c>, <c>retry: code</c>,
/// <c>failed: code</c>, <c>not_queued</c>), plus one on a connection whose token was refused. Sent by the outbox
/// dispatcher as the system actor <c>job:outbox</c> (ADR 0064).
/// </summary>
[SystemOnly]
public sealed record RecordSendResultsCommand(IReadOnlyList<SendResult> Results) : ICommand<Result<IReadOnlyList<SendResultRecorded>>>, IAuditTarget
{
    /// <summary>The most results one command records: the outbox's group commit takes at most this many.</summary>
    public const int MaxResults = 200;

    public string AuditTargetType => MessageErrors.TargetType;

    public string? AuditTargetId => null;
}

/// <summary>One send's result: the message and what WhatsApp (or the outbox itself) answered.</summary>
public sealed record SendResult(Guid MessageId, GatewaySendResult Result)
{
    /// <summary>The result of a message that cannot be sent at all (its connection was deleted, its content is unreadable).</summary>
    public static SendResult NotSendable(Guid messageId, string code, string title) =>
        new(messageId, GatewaySendResult.Failed(new GatewayError(code, title, null, Retryable: false, CredentialsInvalid: false)));
}

/// <summary>
/// Where one message stands after its result, in the order of the command's results: whether the result was recorded
/// (false when the message had already left the outbox or no longer exists), its status and attempts, its next attempt
/// when retried, and whether the connection's token was refused.
/// </summary>
public sealed record SendResultRecorded(Guid MessageId, bool Recorded, MessageStatus Status, int Attempts, DateTimeOffset? NextAttemptAt, string? ErrorCode, bool CredentialsRejected);
