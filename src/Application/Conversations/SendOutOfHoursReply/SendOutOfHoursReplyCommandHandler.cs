using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Queues;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Conversations.SendOutOfHoursReply;

internal sealed partial class SendOutOfHoursReplyCommandHandler(
    IApplicationDbContext db,
    AuditScope audit,
    AfterCommit afterCommit,
    IBackgroundWorkSignal backgroundWork,
    MessagingOptions options,
    OutOfHoursTemplates templates,
    ILogger<SendOutOfHoursReplyCommandHandler> logger,
    TimeProvider clock) : ICommandHandler<SendOutOfHoursReplyCommand, Result<OutOfHoursReplyDto>>
{
    public async ValueTask<Result<OutOfHoursReplyDto>> Handle(SendOutOfHoursReplyCommand command, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == command.ConversationId)
            .Select(c => new { c.Id, c.ConnectionId, c.ContactId, c.QueueId, c.Status, c.LastInboundAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (conversation is null)
        {
            return ConversationErrors.NotFound(command.ConversationId);
        }

        var hours = conversation.QueueId is { } queueId
            ? await db.Queues.AsNoTracking().Where(q => q.Id == queueId && q.DeletedAt == null).Select(q => q.BusinessHours).SingleOrDefaultAsync(cancellationToken)
            : null;
        var now = clock.GetUtcNow();

        // The period is judged at the moment the customer wrote, so a late run decides as a prompt one would have.
        if (conversation.LastInboundAt is not { } wroteAt || hours is not { HasOutOfHoursReply: true } || hours.ClosedSince(wroteAt) is not { } closedSince)
        {
            return Outcome("open");
        }

        if (conversation.Status == ConversationStatus.CLOSED)
        {
            return Outcome("closed_conversation");
        }

        if (now - wroteAt >= options.ServiceWindow)
        {
            return Outcome("outside_window");
        }

        var connection = await db.Connections.AsNoTracking()
            .Where(c => c.Id == conversation.ConnectionId)
            .Select(c => new { c.Status, c.DeletedAt })
            .SingleAsync(cancellationToken);
        if (connection.DeletedAt is not null || connection.Status is ConnectionStatus.Disabled or ConnectionStatus.InvalidCredentials)
        {
            return Outcome("connection_unavailable");
        }

        // The message: the text, or the template built for this customer and checked as any template send; a template
        // WhatsApp would refuse (no longer APPROVED, deleted, the customer's name too long for its slot) is not sent.
        string text, type, content;
        if (hours.OutOfHoursTemplate is { } reply)
        {
            var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == conversation.ContactId, cancellationToken);
            var name = string.IsNullOrWhiteSpace(contact.Name) || contact.Name == contact.WaId ? $"+{contact.WaId}" : contact.Name;
            var built = await templates.BuildAsync(conversation.ConnectionId, reply, name, cancellationToken);
            if (!built.IsSuccess)
            {
                LogTemplateSkipped(logger, conversation.Id, reply.Name, built.Error.Code);
                return Outcome("template_unusable", note: $"template_unusable {built.Error.Code}");
            }

            if (contact.MarketingOptedOut && built.Value.Template.Category == MessageTemplateCategory.Marketing)
            {
                return Outcome("marketing_opted_out");
            }

            (text, type, content) = ($"[template] {reply.Name}", MessageTypes.Template, built.Value.Content);
        }
        else
        {
            var body = hours.OutOfHoursReply!;
            (text, type, content) = (body, MessageTypes.Text, new JsonObject { ["body"] = body, ["preview_url"] = false }.ToJsonString());
        }

        // The claim: one guarded UPDATE, so that of two runs at once (two messages of the customer), the second waits for
        // the first's row lock, then finds the reply sent in this closed period and claims nothing.
        var claimed = await db.Conversations
            .Where(c => c.Id == conversation.Id && (c.OutOfHoursRepliedAt == null || c.OutOfHoursRepliedAt < closedSince))
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.OutOfHoursRepliedAt, now).SetProperty(c => c.Version, c => c.Version + 1),
                cancellationToken);
        if (claimed == 0)
        {
            return Outcome("already_sent");
        }

        var tracked = await db.Conversations.SingleAsync(c => c.Id == conversation.Id, cancellationToken);
        var message = Message.Outbound(tracked.Id, tracked.ConnectionId, type, text, content, null, now);
        db.Messages.Add(message);
        tracked.RecordOutbound(message.SentAt, message.Text, now);
        await db.SaveChangesAsync(cancellationToken);
        afterCommit.Add(() => backgroundWork.Notify(BackgroundWork.Outbox));
        return Outcome("sent", message.Id);
    }

    private OutOfHoursReplyDto Outcome(string outcome, Guid? messageId = null, string? note = null)
    {
        audit.SetNote(note ?? outcome);
        return new OutOfHoursReplyDto(outcome, messageId);
    }

    [LoggerMessage(EventId = LogEvents.OutOfHoursTemplateSkipped, Level = LogLevel.Warning, Message = "Out-of-hours template {TemplateName} not sent in conversation {ConversationId}: {Code}")]
    private static partial void LogTemplateSkipped(ILogger logger, Guid conversationId, string templateName, string code);
}
