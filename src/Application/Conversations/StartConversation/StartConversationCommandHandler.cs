using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Templates;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Templates;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.StartConversation;

internal sealed class StartConversationCommandHandler(
    IApplicationDbContext db,
    ConversationAccess access,
    AuditScope auditScope,
    AfterCommit afterCommit,
    IBackgroundWorkSignal signal,
    MessagingOptions messaging,
    TemplateSendCheck templates,
    TimeProvider clock) : ICommandHandler<StartConversationCommand, Result<ConversationDto>>
{
    public async ValueTask<Result<ConversationDto>> Handle(StartConversationCommand command, CancellationToken cancellationToken)
    {
        var actor = access.Actor;
        var userId = actor.UserId!.Value;
        var connection = await db.Connections.AsNoTracking().Include(c => c.Queues)
            .SingleOrDefaultAsync(c => c.Id == command.ConnectionId && c.DeletedAt == null, cancellationToken);
        if (connection is null || connection.Status != ConnectionStatus.Active)
        {
            return ConversationErrors.ConnectionUnavailable;
        }

        var queue = await ChooseQueueAsync(connection, command.QueueId, actor.Role == Role.ADMIN, userId, cancellationToken);
        if (!queue.IsSuccess)
        {
            return queue.Error;
        }

        var template = await templates.CheckAsync(connection.Id, command.Template!.Name, command.Template.Language, command.Template.Components, cancellationToken);
        if (!template.IsSuccess)
        {
            return template.Error;
        }

        PhoneNumber.TryNormalize(command.Phone, out var waId);
        var now = clock.GetUtcNow();
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.WaId == waId, cancellationToken);
        if (contact is null)
        {
            contact = Contact.Create(waId, null, now);
            db.Contacts.Add(contact);
        }
        else if (contact.OptedOut)
        {
            return ConversationErrors.ContactOptedOut;
        }
        else if (contact.MarketingOptedOut && template.Value.Category == MessageTemplateCategory.Marketing)
        {
            return TemplateErrors.MarketingOptedOut;
        }

        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.ConnectionId == connection.Id && c.ContactId == contact.Id, cancellationToken);
        if (conversation is null)
        {
            conversation = Conversation.StartOutbound(connection.Id, contact.Id, queue.Value, userId, now);
            db.Conversations.Add(conversation);
        }
        else if (conversation.Status != ConversationStatus.CLOSED)
        {
            auditScope.SetTarget(ConversationErrors.TargetType, conversation.Id.ToString());
            return ConversationErrors.AlreadyActive(conversation.Id);
        }
        else
        {
            if (conversation.QueueId != queue.Value)
            {
                conversation.MoveToQueue(queue.Value, now);
            }

            conversation.AssignTo(userId, now);
        }

        auditScope.SetTarget(ConversationErrors.TargetType, conversation.Id.ToString());
        var text = $"[template] {command.Template.Name}";
        db.Messages.Add(Message.Outbound(conversation.Id, connection.Id, MessageTypes.Template, text, TemplateSendCheck.Content(template.Value, command.Template.Components), userId, now));
        conversation.RecordOutbound(now, text, now);
        try
        {
            if (!await ConversationSaver.TrySaveAsync(db, cancellationToken))
            {
                return ConversationErrors.Changed;
            }
        }
        catch (UniqueConstraintViolationException)
        {
            // Someone started a conversation with the same contact (or created the contact) at the same moment.
            return ConversationErrors.Changed;
        }

        afterCommit.Add(() => signal.Notify(BackgroundWork.Outbox));
        return (await ConversationReader.ReadAsync(db, conversation.Id, now, messaging.ServiceWindow, cancellationToken))!;
    }

    /// <summary>The given queue (linked to the connection; non-admins must be members), else the connection's only queue.</summary>
    private async Task<Result<Guid?>> ChooseQueueAsync(Connection connection, Guid? requested, bool isAdmin, Guid userId, CancellationToken cancellationToken)
    {
        var linked = connection.Queues.Select(q => q.QueueId).ToList();
        var live = await db.Queues.Where(q => linked.Contains(q.Id) && q.DeletedAt == null).Select(q => q.Id).ToListAsync(cancellationToken);
        Guid chosen;
        if (requested is { } queueId)
        {
            if (!live.Contains(queueId))
            {
                return ConversationErrors.QueueNotLinked;
            }

            chosen = queueId;
        }
        else if (live.Count == 1)
        {
            chosen = live[0];
        }
        else
        {
            return ConversationErrors.QueueRequired;
        }

        if (!isAdmin && !await access.IsMemberAsync(chosen, userId, cancellationToken))
        {
            return ConversationErrors.QueueNotAllowed;
        }

        return chosen;
    }
}
