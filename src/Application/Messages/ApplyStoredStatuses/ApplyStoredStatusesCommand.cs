using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Messages.ApplyStoredStatuses;

/// <summary>
/// Applies to an outbound message the statuses stored under its wamid that it has not reached yet (forwards only).
/// A status webhook processed while the outbox was saving the wamid found no message to move; the outbox sends this
/// after that save, when such a status exists. Answers whether the message moved. Sent as the system actor.
/// </summary>
[SystemOnly]
public sealed record ApplyStoredStatusesCommand(Guid MessageId) : ICommand<Result<bool>>, IAuditTarget
{
    public string AuditTargetType => MessageErrors.TargetType;

    public string? AuditTargetId => MessageId.ToString();
}
