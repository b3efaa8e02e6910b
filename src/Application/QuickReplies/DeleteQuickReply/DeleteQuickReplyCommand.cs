using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.QuickReplies.DeleteQuickReply;

/// <summary>Deletes a quick reply (its owner, or for a team reply an ADMIN or a SUPERVISOR of the queue). Messages sent with it stay.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record DeleteQuickReplyCommand(Guid Id) : ICommand<Result<bool>>, IAuditTarget
{
    public string AuditTargetType => QuickReplyErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
