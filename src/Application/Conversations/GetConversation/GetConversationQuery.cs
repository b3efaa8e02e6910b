using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.GetConversation;

/// <summary>One conversation the caller sees; any other answers 404 and the refusal is audited.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record GetConversationQuery(Guid Id) : IQuery<Result<ConversationDto>>;
