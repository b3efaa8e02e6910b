using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.QuickReplies.UpdateQuickReply;

/// <summary>Replaces a quick reply's shortcut, title and text (its owner, or for a team reply an ADMIN or a SUPERVISOR of the queue).</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record UpdateQuickReplyCommand(Guid Id, string? Shortcut, string? Title, string? Text) : ICommand<Result<QuickReplyDto>>, IAuditTarget
{
    public string AuditTargetType => QuickReplyErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
