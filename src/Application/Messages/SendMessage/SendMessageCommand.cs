using System.Text.Json;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Media;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Messages.SendMessage;

/// <summary>
/// Queues a message in a conversation's outbox: free-form text or a file uploaded beforehand (image, audio, video,
/// document or sticker, with an optional caption) inside the customer-service window, or an approved template at
/// any time. The outbox dispatcher sends it to WhatsApp afterwards (a file is uploaded to WhatsApp first).
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record SendMessageCommand(
    Guid ConversationId,
    string? Type,
    string? Text,
    bool? PreviewUrl,
    Guid? ReplyToMessageId,
    SendTemplateInput? Template,
    SendMediaInput? Media = null) : ICommand<Result<MessageDto>>, IAuditTarget
{
    public const string TextType = "text";
    public const string TemplateType = "template";

    /// <summary>Every type a message can be sent as: text, template and the media types.</summary>
    public static readonly IReadOnlyList<string> Types = [TextType, TemplateType, .. OutboundMediaLimits.Types];

    public static bool IsMediaType(string? type) => type is not null && OutboundMediaLimits.Formats.ContainsKey(type);

    public string AuditTargetType => Conversations.ConversationErrors.TargetType;

    public string? AuditTargetId => ConversationId.ToString();
}

/// <summary>A template message: its approved name, language code (<c>pt_BR</c>) and optional components array.</summary>
public sealed record SendTemplateInput(string? Name, string? Language, JsonElement? Components);

/// <summary>
/// A media message: the <see cref="UploadId"/> an upload answered (<c>POST /api/v1/conversations/{id}/media</c>), an
/// optional caption (image, video, document) and, for a document, the file name the customer sees.
/// </summary>
public sealed record SendMediaInput(Guid? UploadId, string? Caption, string? FileName);
