using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.ReopenConversation;

/// <summary>Reopens a closed conversation UNASSIGNED in its queue (supervisors of its queue and administrators). Auto-assignment runs next.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record ReopenConversationCommand(Guid Id) : ICommand<Result<ConversationDto>>, IAuditTarget
{
    public string AuditTargetType => ConversationErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
