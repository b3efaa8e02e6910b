using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.QuickReplies.RenderQuickReply;

/// <summary>
/// A quick reply's text for one conversation, its variables filled in: the conversation's contact and the caller as the
/// agent. The conversation must be visible to the caller (404 like any conversation); the reply too.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record RenderQuickReplyQuery(Guid QuickReplyId, Guid ConversationId) : IQuery<Result<RenderedQuickReplyDto>>;

public sealed record RenderedQuickReplyDto(Guid QuickReplyId, Guid ConversationId, string Text);
