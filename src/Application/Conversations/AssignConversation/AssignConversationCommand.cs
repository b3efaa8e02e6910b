using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.AssignConversation;

/// <summary>Takes the conversation for the caller: OPEN and assigned to them. A conversation another user holds answers 409 <c>conversations.taken</c> for every role, also an agent who no longer sees it because it was taken from their queue (moving it is a transfer); a closed one is reopened (supervisors and administrators, who see closed conversations). Taking one's own changes nothing.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record AssignConversationCommand(Guid Id) : ICommand<Result<ConversationDto>>, IAuditTarget
{
    public string AuditTargetType => ConversationErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
