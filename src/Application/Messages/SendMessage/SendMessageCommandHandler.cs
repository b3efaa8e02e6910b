using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Media;
using WhatsSuite.Application.Templates;
using WhatsSuite.Domain.Media;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Messages.SendMessage;

internal sealed class SendMessageCommandHandler(
    IApplicationDbContext db,
    OutboundSendRules rules,
    ActorContext actorContext,
    IBackgroundWorkSignal backgroundWork,
    AfterCommit afterCommit,
    TemplateSendCheck templates,
    IMediaStore mediaStore,
    TimeProvider clock) : ICommandHandler<SendMessageCommand, Result<MessageDto>>
{
    public async ValueTask<Result<MessageDto>> Handle(SendMessageCommand command, CancellationToken cancellationToken)
    {
        var isTemplate = command.Type == SendMessageCommand.TemplateType;
        var found = await rules.CheckAsync(command.ConversationId, freeForm: !isTemplate, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var conversation = found.Value;
        var now = clock.GetUtcNow();
        if (isTemplate && await db.Contacts.AnyAsync(c => c.Id == conversation.ContactId && c.OptedOut, cancellationToken))
        {
            return MessageErrors.ContactOptedOut;
        }

        string? templateContent = null;
        if (isTemplate)
        {
            var template = await templates.CheckAsync(conversation.ConnectionId, command.Template!.Name!, command.Template.Language!, command.Template.Components, cancellationToken);
            if (!template.IsSuccess)
            {
                return template.Error;
            }

            if (template.Value.Category == MessageTemplateCategory.Marketing
                && await db.Contacts.AnyAsync(c => c.Id == conversation.ContactId && c.MarketingOptedOut, cancellationToken))
            {
                return TemplateErrors.MarketingOptedOut;
            }

            templateContent = TemplateSendCheck.Content(template.Value, command.Template.Components);
        }

        MediaObject? file = null;
        if (SendMessageCommand.IsMediaType(command.Type))
        {
            var checkedFile = await CheckMediaAsync(command.Type!, command.Media!.UploadId!.Value, conversation.ConnectionId, cancellationToken);
            if (!checkedFile.IsSuccess)
            {
                return checkedFile.Error;
            }

            file = checkedFile.Value;
        }

        string? replyToWamid = null;
        if (command.ReplyToMessageId is { } replyToId)
        {
            replyToWamid = await db.Messages
                .Where(m => m.Id == replyToId && m.ConversationId == conversation.Id && m.Wamid != null)
                .Select(m => m.Wamid)
                .SingleOrDefaultAsync(cancellationToken);
            if (replyToWamid is null)
            {
                return MessageErrors.ReplyTargetNotFound;
            }
        }

        Message message;
        if (file is not null)
        {
            var media = command.Media!;
            var caption = command.Type is MessageTypes.Audio or MessageTypes.Sticker ? null : media.Caption;
            var fileName = command.Type == MessageTypes.Document ? media.FileName : null;
            message = Message.Outbound(conversation.Id, conversation.ConnectionId, command.Type!, caption ?? $"[{command.Type}]", MediaContent(caption, fileName), actorContext.Current.UserId, now, replyToWamid);
            message.AttachOutboundMedia(file.Id, file.ContentType, file.Sha256, fileName, now);
        }
        else
        {
            message = isTemplate
                ? Message.Outbound(conversation.Id, conversation.ConnectionId, MessageTypes.Template, $"[template] {command.Template!.Name}", templateContent!, actorContext.Current.UserId, now, replyToWamid)
                : Message.Outbound(conversation.Id, conversation.ConnectionId, MessageTypes.Text, command.Text, TextContent(command.Text!, command.PreviewUrl ?? false), actorContext.Current.UserId, now, replyToWamid);
        }

        db.Messages.Add(message);
        conversation.RecordOutbound(message.SentAt, message.Text, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return MessageErrors.ConversationChanged;
        }

        afterCommit.Add(() => backgroundWork.Notify(BackgroundWork.Outbox));
        return await MessageReader.ReadAsync(db, message.Id, cancellationToken);
    }

    /// <summary>
    /// The uploaded file when it belongs to the conversation's connection and WhatsApp accepts it as
    /// <paramref name="type"/> (format and size; a sticker's limit depends on whether it is animated, read from its header).
    /// </summary>
    private async Task<Result<MediaObject>> CheckMediaAsync(string type, Guid uploadId, Guid connectionId, CancellationToken cancellationToken)
    {
        var file = await db.MediaObjects.AsNoTracking().SingleOrDefaultAsync(o => o.Id == uploadId && o.ConnectionId == connectionId, cancellationToken);
        if (file is null)
        {
            return MediaErrors.UploadNotFound;
        }

        var animated = false;
        if (type == MessageTypes.Sticker && file.ContentType == "image/webp" && file.Size > OutboundMediaLimits.StaticStickerMaxBytes)
        {
            await using var content = await mediaStore.OpenReadAsync(file.StorageKey, 0, cancellationToken);
            if (content is null)
            {
                return MediaErrors.UploadNotFound;
            }

            var head = new byte[MediaSniffer.HeadLength];
            var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            animated = OutboundMediaLimits.IsAnimatedWebp(head.AsSpan(0, read));
        }

        var refusal = OutboundMediaLimits.Check(type, file.ContentType, file.Size, animated);
        return refusal is null ? file : refusal;
    }

    private static string MediaContent(string? caption, string? fileName)
    {
        var content = new JsonObject();
        if (caption is not null)
        {
            content["caption"] = caption;
        }

        if (fileName is not null)
        {
            content["filename"] = fileName;
        }

        return content.ToJsonString();
    }

    private static string TextContent(string text, bool previewUrl) =>
        new JsonObject { ["body"] = text, ["preview_url"] = previewUrl }.ToJsonString();
}
