using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Messages.ListMessages;

/// <summary>A conversation's messages, newest first, <see cref="Limit"/> at a time; <see cref="Cursor"/> continues a previous page.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record ListMessagesQuery(Guid ConversationId, string? Cursor, int Limit = ListMessagesQuery.DefaultLimit) : IQuery<Result<MessagePage>>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}
