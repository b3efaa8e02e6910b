using System.Text.Json;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.StartConversation;

/// <summary>
/// Starts an outbound conversation with an approved template: the contact is found or created by its
/// number, the conversation of (connection, contact) is created or, when closed, reopened, assigned to the
/// caller (OPEN), and the template message is queued for the outbox. An active conversation with the contact
/// on that connection answers 409 with its id.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record StartConversationCommand(Guid ConnectionId, string Phone, Guid? QueueId, StartConversationTemplate? Template)
    : ICommand<Result<ConversationDto>>, IAuditTarget
{
    public string AuditTargetType => ConversationErrors.TargetType;

    public string? AuditTargetId => null;
}

/// <summary>The template to send, as the Cloud API names it; <see cref="Components"/> is its <c>components</c> array, sent as given.</summary>
public sealed record StartConversationTemplate(string Name, string Language, JsonElement? Components)
{
    public const int MaxNameLength = 512;
    public const int MaxComponentsLength = 16_384;
}
