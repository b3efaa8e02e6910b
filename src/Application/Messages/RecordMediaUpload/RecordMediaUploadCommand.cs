using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Messages.RecordMediaUpload;

/// <summary>
/// Records the id WhatsApp gave the file of a queued media message (Graph <c>POST /{phone-number-id}/media</c>), before
/// the message itself is sent: an attempt after a failure or a restart sends the message with this id and never
/// uploads the file twice. Sent by the outbox dispatcher as the system actor <c>job:outbox</c>.
/// </summary>
[SystemOnly]
public sealed record RecordMediaUploadCommand(Guid MessageId, string MediaId) : ICommand<Result<bool>>, IAuditTarget
{
    public string AuditTargetType => MessageErrors.TargetType;

    public string? AuditTargetId => MessageId.ToString();
}
