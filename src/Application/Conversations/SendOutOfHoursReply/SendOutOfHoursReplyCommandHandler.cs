using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Conversations.SendOutOfHoursReply;

internal sealed class SendOutOfHoursReplyCommandHandler(
    IApplicationDbContext db,
    AuditScope audit,
    AfterCommit afterCommit,
    IBackgroundWorkSignal backgroundWork,
    MessagingOptions options,
    TimeProvider clock) : ICommandHandler<SendOutOfHoursReplyCommand, Result<OutOfHoursReplyDto>>
{
    public async ValueTask<Result<OutOfHoursReplyDto>> Handle(SendOutOfHoursReplyCommand command, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == command.ConversationId)
            .Select(c => new { c.Id, c.ConnectionId, c.QueueId, c.Status, c.LastInboundAt })
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
        if (conversation.LastInboundAt is not { } wroteAt || hours?.OutOfHoursReply is not { } reply || hours.ClosedSince(wroteAt) is not { } closedSince)
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
        var content = new JsonObject { ["body"] = reply, ["preview_url"] = false }.ToJsonString();
        var message = Message.Outbound(tracked.Id, tracked.ConnectionId, MessageTypes.Text, reply, content, null, now);
        db.Messages.Add(message);
        tracked.RecordOutbound(message.SentAt, message.Text, now);
        await db.SaveChangesAsync(cancellationToken);
        afterCommit.Add(() => backgroundWork.Notify(BackgroundWork.Outbox));
        return Outcome("sent", message.Id);
    }

    private OutOfHoursReplyDto Outcome(string outcome, Guid? messageId = null)
    {
        audit.SetNote(outcome);
        return new OutOfHoursReplyDto(outcome, messageId);
    }
}
