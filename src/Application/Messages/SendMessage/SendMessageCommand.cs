using System.Text.Json;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Messages.SendMessage;

/// <summary>
/// Queues a message in a conversation's outbox: free-form text inside the customer-service window, or an
/// approved template at any time. The outbox dispatcher sends it to WhatsApp afterwards.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record SendMessageCommand(
    Guid ConversationId,
    string? Type,
    string? Text,
    bool? PreviewUrl,
    Guid? ReplyToMessageId,
    SendTemplateInput? Template) : ICommand<Result<MessageDto>>, IAuditTarget
{
    public const string TextType = "text";
    public const string TemplateType = "template";

    public string AuditTargetType => Conversations.ConversationErrors.TargetType;

    public string? AuditTargetId => ConversationId.ToString();
}

/// <summary>A template message: its approved name, language code (<c>pt_BR</c>) and optional components array.</summary>
public sealed record SendTemplateInput(string? Name, string? Language, JsonElement? Components);
