using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Templates;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Messages.SendMessage;

internal sealed class SendMessageCommandHandler(
    IApplicationDbContext db,
    ConversationAccess access,
    ActorContext actorContext,
    MessagingOptions options,
    IBackgroundWorkSignal backgroundWork,
    AfterCommit afterCommit,
    TemplateSendCheck templates,
    TimeProvider clock) : ICommandHandler<SendMessageCommand, Result<MessageDto>>
{
    public async ValueTask<Result<MessageDto>> Handle(SendMessageCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForCommandAsync(command.ConversationId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var conversation = found.Value;

        if (conversation.IsClosed)
        {
            return MessageErrors.ConversationClosed;
        }

        if (!await access.MaySendAsync(conversation, cancellationToken))
        {
            return MessageErrors.NotAssignee;
        }

        var connection = await db.Connections.AsNoTracking()
            .Where(c => c.Id == conversation.ConnectionId)
            .Select(c => new { c.Status, c.DeletedAt })
            .SingleAsync(cancellationToken);
        if (connection.DeletedAt is not null)
        {
            return MessageErrors.ConnectionDeleted;
        }

        if (connection.Status == ConnectionStatus.InvalidCredentials)
        {
            return MessageErrors.ConnectionInvalidCredentials;
        }

        if (connection.Status == ConnectionStatus.Disabled)
        {
            return MessageErrors.ConnectionDisabled;
        }

        var now = clock.GetUtcNow();
        var isTemplate = command.Type == SendMessageCommand.TemplateType;
        if (!isTemplate && !conversation.IsInsideServiceWindow(now, options.ServiceWindow))
        {
            return MessageErrors.OutsideServiceWindow;
        }

        if (isTemplate && await db.Contacts.AnyAsync(c => c.Id == conversation.ContactId && c.OptedOut, cancellationToken))
        {
            return MessageErrors.ContactOptedOut;
        }

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

        var message = isTemplate
            ? Message.Outbound(conversation.Id, conversation.ConnectionId, MessageTypes.Template, $"[template] {command.Template!.Name}", TemplateContent(command.Template), actorContext.Current.UserId, now, replyToWamid)
            : Message.Outbound(conversation.Id, conversation.ConnectionId, MessageTypes.Text, command.Text, TextContent(command.Text!, command.PreviewUrl ?? false), actorContext.Current.UserId, now, replyToWamid);
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

    private static string TextContent(string text, bool previewUrl) =>
        new JsonObject { ["body"] = text, ["preview_url"] = previewUrl }.ToJsonString();

    private static string TemplateContent(SendTemplateInput template)
    {
        var components = template.Components is { ValueKind: JsonValueKind.Array } array ? JsonNode.Parse(array.GetRawText()) : new JsonArray();
        return new JsonObject
        {
            ["name"] = template.Name,
            ["language"] = new JsonObject { ["code"] = template.Language },
            ["components"] = components,
        }.ToJsonString();
    }
}
