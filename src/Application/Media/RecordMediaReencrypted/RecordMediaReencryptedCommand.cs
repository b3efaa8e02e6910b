using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Media.RecordMediaReencrypted;

/// <summary>
/// Records one batch of the media key rotation: the files of <paramref name="ObjectIds"/> were rewritten under the
/// key <paramref name="KeyId"/>. Sent by the rotation job as the system actor <c>job:rotate-media-key</c>, one
/// audited transaction per batch.
/// </summary>
[SystemOnly]
public sealed record RecordMediaReencryptedCommand(IReadOnlyList<Guid> ObjectIds, string KeyId) : ICommand<Result<int>>, IAuditTarget
{
    public string AuditTargetType => MediaErrors.KeyTargetType;

    public string? AuditTargetId => KeyId;
}
