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

namespace WhatsSuite.Application.Messages.RecordSendResults;

internal sealed class RecordSendResultsCommandHandler(IApplicationDbContext db, AuditScope auditScope, MessagingOptions options, TimeProvider clock)
    : ICommandHandler<RecordSendResultsCommand, Result<IReadOnlyList<SendResultRecorded>>>
{
    public const string CredentialsRejectedReason = "credentials_rejected";
    public const string NotQueuedNote = "not_queued";

    private const int MaxErrorCodeLength = 32;

    public async ValueTask<Result<IReadOnlyList<SendResultRecorded>>> Handle(RecordSendResultsCommand command, CancellationToken cancellationToken)
    {
        var ids = command.Results.Select(r => r.MessageId).ToArray();

        // One read for the group; a group of one reads by key, as a single send always has (one plan per connection).
        var messages = ids.Length == 1
            ? await db.Messages.Where(m => m.Id == ids[0] && m.Direction == MessageDirection.Outbound).ToDictionaryAsync(m => m.Id, cancellationToken)
            : await db.Messages.Where(m => ids.Contains(m.Id) && m.Direction == MessageDirection.Outbound).ToDictionaryAsync(m => m.Id, cancellationToken);

        // Statuses WhatsApp reported before its answer reached us wait under the wamid; each message takes its own (same
        // wamid and connection, Message.ApplyStatuses).
        var wamids = command.Results.Select(r => r.Result).Where(r => r.IsAccepted && r.Wamid is not null).Select(r => r.Wamid!).Distinct().ToArray();
        var early = wamids.Length == 0
            ? []
            : await db.MessageStatusEvents.AsNoTracking().Where(e => wamids.Contains(e.Wamid)).ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var recorded = new List<SendResultRecorded>(command.Results.Count);
        var ledger = new List<CampaignLedger.MessageOutcome>();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (messageId, result) in command.Results)
        {
            string note;
            SendResultRecorded outcome;
            if (!messages.TryGetValue(messageId, out var message) || message.Status != MessageStatus.Queued)
            {
                note = NotQueuedNote;
                outcome = message is null
                    ? new SendResultRecorded(messageId, Recorded: false, MessageStatus.Failed, 0, null, null, CredentialsRejected: false)
                    : Recorded(message, recorded: false, credentialsRejected: false);
            }
            else
            {
                (note, var credentialsRejected) = await ApplyAsync(message, result, early, now, ledger, cancellationToken);
                outcome = Recorded(message, recorded: true, credentialsRejected);
            }

            recorded.Add(outcome);
            auditScope.AddTarget(MessageErrors.TargetType, messageId.ToString(), note);
            var kind = note.Split(':')[0];
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        await CampaignLedger.FollowAsync(db, ledger, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        auditScope.SetNote(string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}")));
        return recorded;
    }

    /// <summary>
    /// Applies one queued message's result; answers the note of its audit row and whether its connection's token was
    /// refused. The campaign ledger's moves are collected in <paramref name="ledger"/> and written for the group.
    /// </summary>
    private async Task<(string Note, bool CredentialsRejected)> ApplyAsync(
        Message message, GatewaySendResult result, List<MessageStatusEvent> early, DateTimeOffset now, List<CampaignLedger.MessageOutcome> ledger, CancellationToken cancellationToken)
    {
        if (result is { IsAccepted: true, Wamid: { } wamid })
        {
            message.MarkAccepted(wamid, now);
            message.ApplyStatuses(early, now);
            ledger.Add(CampaignLedger.MessageOutcome.Of(message));
            return ("sent", false);
        }

        var error = result.Error ?? new GatewayError("gateway_no_answer", "The gateway answered neither a wamid nor an error.", null, Retryable: true, CredentialsInvalid: false);
        var code = TextLimit.Cut(error.Code, MaxErrorCodeLength)!;
        if (error.CredentialsInvalid)
        {
            message.MarkFailed(code, error.Title, now);
            var connection = await db.Connections.FindAsync([message.ConnectionId], cancellationToken);
            var credentialsRejected = false;
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

            return ($"failed: {code}", credentialsRejected);
        }

        string note;
        if (error.Retryable && message.Attempts + 1 < options.OutboxMaxAttempts)
        {
            message.ScheduleRetry(now + OutboxRetryPolicy.Delay(message.Attempts + 1, error.RetryAfter), code, error.Title, now);
            note = $"retry: {code}";
        }
        else
        {
            message.MarkFailed(code, error.Title, now);
            note = $"failed: {code}";
        }

        ledger.Add(CampaignLedger.MessageOutcome.Of(message));
        return (note, false);
    }

    private static SendResultRecorded Recorded(Message message, bool recorded, bool credentialsRejected) =>
        new(message.Id, recorded, message.Status, message.Attempts, message.NextAttemptAt, message.ErrorCode, credentialsRejected);
}
