using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.QuickReplies.CreateQuickReply;

/// <summary>
/// Creates a quick reply: a team reply of <see cref="QueueId"/> (ADMIN, or a SUPERVISOR of the queue) or, without a
/// queue, a personal reply of the caller (any role). Unknown variables in the text answer 422.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record CreateQuickReplyCommand(string? Shortcut, string? Title, string? Text, Guid? QueueId) : ICommand<Result<QuickReplyDto>>;
