using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Messages;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Media.RetryMediaDownload;

/// <summary>
/// Starts a failed media download again with a fresh set of attempts (WhatsApp keeps an inbound file for about 30
/// days). Only a failed download can be retried (409 <c>media.not_failed</c>); a quarantined file stays quarantined.
/// </summary>
[RequireRole(Role.ADMIN)]
public sealed record RetryMediaDownloadCommand(Guid ConversationId, Guid MessageId) : ICommand<Result<MessageDto>>, IAuditTarget
{
    public string AuditTargetType => MediaErrors.TargetType;

    public string? AuditTargetId => MessageId.ToString();
}
