using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Messages.RecordSendResult;

/// <summary>
/// Records what became of one send from the outbox, in one small transaction: accepted (the wamid, and any status
/// WhatsApp reported before the answer), a retry with backoff (<see cref="OutboxRetryPolicy"/>) while attempts remain,
/// or failed; a refused token (<see cref="GatewayError.CredentialsInvalid"/>, Graph error 190) also marks the
/// connection <c>invalid_credentials</c>, with an audit row of its own on the connection. A message that already left
/// the outbox is left alone. Sent by the outbox dispatcher as the system actor <c>job:outbox</c>.
/// </summary>
[SystemOnly]
public sealed record RecordSendResultCommand(Guid MessageId, GatewaySendResult Result) : ICommand<Result<SendResultRecorded>>, IAuditTarget
{
    public string AuditTargetType => MessageErrors.TargetType;

    public string? AuditTargetId => MessageId.ToString();

    /// <summary>The result of a message that cannot be sent at all (its connection was deleted, its content is unreadable).</summary>
    public static RecordSendResultCommand NotSendable(Guid messageId, string code, string title) =>
        new(messageId, GatewaySendResult.Failed(new GatewayError(code, title, null, Retryable: false, CredentialsInvalid: false)));
}

/// <summary>Where the message stands after the result: its status and attempts, its next attempt when retried, and whether the connection's token was refused.</summary>
public sealed record SendResultRecorded(bool Recorded, MessageStatus Status, int Attempts, DateTimeOffset? NextAttemptAt, string? ErrorCode, bool CredentialsRejected);
