using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.MarkConversationRead;

/// <summary>
/// Marks the customer's messages of a conversation read (its unread count back to zero), for the whole team; anyone who
/// may see the conversation. The desk hears of it as <c>conversation.updated</c>.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record MarkConversationReadCommand(Guid Id) : ICommand<Result<ConversationDto>>, IAuditTarget
{
    public string AuditTargetType => ConversationErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
