using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Connections;
using WhatsSuite.Domain.Common;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Messages.RecordSendResult;

internal sealed class RecordSendResultCommandHandler(IApplicationDbContext db, AuditScope auditScope, MessagingOptions options, TimeProvider clock)
    : ICommandHandler<RecordSendResultCommand, Result<SendResultRecorded>>
{
    public const string CredentialsRejectedReason = "credentials_rejected";

    private const int MaxErrorCodeLength = 32;

    public async ValueTask<Result<SendResultRecorded>> Handle(RecordSendResultCommand command, CancellationToken cancellationToken)
    {
        // The dispatcher sends this in the scope that loaded the message and its connection: found without a query.
        var message = await db.Messages.FindAsync([command.MessageId], cancellationToken);
        if (message is null || message.Direction != MessageDirection.Outbound)
        {
            return MessageErrors.MessageNotFound(command.MessageId);
        }

        if (message.Status != MessageStatus.Queued)
        {
            auditScope.SetNote("not_queued");
            return Recorded(message, recorded: false, credentialsRejected: false);
        }

        var now = clock.GetUtcNow();
        var result = command.Result;
        if (result is { IsAccepted: true, Wamid: { } wamid })
        {
            message.MarkAccepted(wamid, now);

            // Statuses WhatsApp reported before its answer reached us wait under the wamid.
            var early = await db.MessageStatusEvents.AsNoTracking()
                .Where(e => e.ConnectionId == message.ConnectionId && e.Wamid == wamid)
                .ToListAsync(cancellationToken);
            message.ApplyStatuses(early, now);
            await CampaignLedger.FollowAsync(db, message.Id, message.Status, message.ErrorCode, message.ErrorTitle, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            auditScope.SetNote("sent");
            return Recorded(message, recorded: true, credentialsRejected: false);
        }

        var error = result.Error ?? new GatewayError("gateway_no_answer", "The gateway answered neither a wamid nor an error.", null, Retryable: true, CredentialsInvalid: false);
        var code = TextLimit.Cut(error.Code, MaxErrorCodeLength)!;
        var credentialsRejected = false;
        if (error.CredentialsInvalid)
        {
            message.MarkFailed(code, error.Title, now);
            var connection = await db.Connections.FindAsync([message.ConnectionId], cancellationToken);
            if (connection is not null)
            {
                connection.MarkInvalidCredentials($"graph_{code}: {error.Title ?? "access token rejected"}", now);
                auditScope.AddTarget(ConnectionErrors.TargetType, connection.Id.ToString(), CredentialsRejectedReason);
                credentialsRejected = true;
            }

            // A campaign's recipient was not messaged: pending again, and the campaign waits (paused) for a working token.
            var paused = await CampaignLedger.ReturnForRejectedCredentialsAsync(
                db, message.Id, $"credentials_rejected: WhatsApp refused the access token of connection {message.ConnectionId} (graph_{code}); replace it and resume", now, cancellationToken);
            if (paused is not null)
            {
                auditScope.AddTarget(CampaignErrors.TargetType, paused.Id.ToString(), CredentialsRejectedReason);
            }

            auditScope.SetNote($"failed: {code}");
        }
        else if (error.Retryable && message.Attempts + 1 < options.OutboxMaxAttempts)
        {
            message.ScheduleRetry(now + OutboxRetryPolicy.Delay(message.Attempts + 1, error.RetryAfter), code, error.Title, now);
            auditScope.SetNote($"retry: {code}");
        }
        else
        {
            message.MarkFailed(code, error.Title, now);
            auditScope.SetNote($"failed: {code}");
        }

        if (!credentialsRejected)
        {
            await CampaignLedger.FollowAsync(db, message.Id, message.Status, message.ErrorCode, message.ErrorTitle, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Recorded(message, recorded: true, credentialsRejected);
    }

    private static SendResultRecorded Recorded(Message message, bool recorded, bool credentialsRejected) =>
        new(recorded, message.Status, message.Attempts, message.NextAttemptAt, message.ErrorCode, credentialsRejected);
}
