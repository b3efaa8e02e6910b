using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.TransferConversation;

/// <summary>
/// Moves a conversation to another user (OPEN, assigned to them) and/or another queue (UNASSIGNED there,
/// then auto-assignment). The target user must be active, an AGENTE or SUPERVISOR, and a member of the
/// conversation's (possibly new) queue. An AGENTE may only transfer a conversation they hold. The note is
/// kept in the audit row.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record TransferConversationCommand(Guid Id, Guid? ToUserId, Guid? ToQueueId, string? Note) : ICommand<Result<ConversationDto>>, IAuditTarget
{
    public const int MaxNoteLength = 500;

    public string AuditTargetType => ConversationErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
