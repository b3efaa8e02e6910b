using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Campaigns;

/// <summary>
/// Keeps a campaign's ledger row in step with its outbound message (linked by <see cref="CampaignRecipient.MessageId"/>):
/// the outbox's send result (sent with its wamid, or failed with the Cloud API's code) and the status webhooks
/// (delivered, read, failed) move the row forwards only, in the same transaction as the message's own move; the first
/// of them that says the message reached WhatsApp sets <see cref="CampaignRecipient.SentAt"/>. A message of
/// no campaign matches no row, at the cost of one indexed lookup.
/// </summary>
public static class CampaignLedger
{
    /// <summary>The ledger statuses a message's status moves a row to, with the statuses it may move from.</summary>
    private static readonly Dictionary<MessageStatus, (CampaignRecipientStatus To, CampaignRecipientStatus[] From)> Moves = new()
    {
        [MessageStatus.Sent] = (CampaignRecipientStatus.Sent, [CampaignRecipientStatus.Sending]),
        [MessageStatus.Delivered] = (CampaignRecipientStatus.Delivered, [CampaignRecipientStatus.Sending, CampaignRecipientStatus.Sent]),
        [MessageStatus.Read] = (CampaignRecipientStatus.Read, [CampaignRecipientStatus.Sending, CampaignRecipientStatus.Sent, CampaignRecipientStatus.Delivered]),
        [MessageStatus.Failed] = (CampaignRecipientStatus.Failed, [CampaignRecipientStatus.Sending, CampaignRecipientStatus.Sent, CampaignRecipientStatus.Delivered]),
    };

    /// <summary>A message's status after a change (a failure with its code and title), for the ledger to follow.</summary>
    public sealed record MessageOutcome(Guid MessageId, MessageStatus Status, string? ErrorCode, string? ErrorTitle)
    {
        public static MessageOutcome Of(Message message)
        {
            ArgumentNullException.ThrowIfNull(message);
            return new(message.Id, message.Status, message.ErrorCode, message.ErrorTitle);
        }
    }

    /// <summary>Moves the row of <paramref name="messageId"/> to follow the message's <paramref name="status"/> (a failure with its code and title).</summary>
    public static Task FollowAsync(IApplicationDbContext db, Guid messageId, MessageStatus status, string? errorCode, string? errorTitle, DateTimeOffset now, CancellationToken cancellationToken) =>
        FollowAsync(db, [new MessageOutcome(messageId, status, errorCode, errorTitle)], now, cancellationToken);

    /// <summary>
    /// Moves the rows of several messages at once (the outbox's results that finished together): one statement for the
    /// messages that moved alike (same status, code and title), by the same rules as one message's.
    /// </summary>
    public static async Task FollowAsync(IApplicationDbContext db, IReadOnlyCollection<MessageOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(outcomes);
        var alike = outcomes
            .Where(o => Moves.ContainsKey(o.Status))
            .GroupBy(o => (o.Status, Code: Cut(o.ErrorCode, CampaignRecipient.MaxErrorCodeLength), Title: Cut(o.ErrorTitle, CampaignRecipient.MaxErrorTitleLength)));
        foreach (var group in alike)
        {
            var move = Moves[group.Key.Status];
            var (code, title) = (group.Key.Code, group.Key.Title);
            var failed = move.To == CampaignRecipientStatus.Failed;
            var reached = CampaignRecipient.Reached(move.To);
            var ids = group.Select(o => o.MessageId).ToArray();

            // One message (every status webhook, a lone send) is looked up by key: one plan per connection (ADR 0063).
            var rows = ids.Length == 1
                ? db.CampaignRecipients.Where(r => r.MessageId == ids[0])
                : db.CampaignRecipients.Where(r => r.MessageId != null && ids.Contains(r.MessageId.Value));
            await rows
                .Where(r => move.From.Contains(r.Status))
                .ExecuteUpdateAsync(
                    s =>
                    {
                        s.SetProperty(r => r.Status, move.To);
                        s.SetProperty(r => r.UpdatedAt, now);
                        if (reached)
                        {
                            // The first time WhatsApp accepted the message: the progress rate and the reply window count from it.
                            s.SetProperty(r => r.SentAt, r => r.SentAt ?? now);
                        }

                        if (failed)
                        {
                            s.SetProperty(r => r.ErrorCode, code);
                            s.SetProperty(r => r.ErrorTitle, title);
                        }
                    },
                    cancellationToken);
        }
    }

    /// <summary>
    /// WhatsApp refused the connection's token (190) for <paramref name="messageId"/>: its recipient was not messaged, so
    /// the row returns to pending (taken again once the campaign is resumed with a working token, no longer counted
    /// against the daily cap), and its campaign, when running, is paused with the reason. Answers the paused campaign.
    /// </summary>
    public static async Task<Campaign?> ReturnForRejectedCredentialsAsync(IApplicationDbContext db, Guid messageId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.CampaignRecipients.SingleOrDefaultAsync(r => r.MessageId == messageId && r.Status == CampaignRecipientStatus.Sending, cancellationToken);
        if (row is null)
        {
            return null;
        }

        row.ReturnToPending(now);
        var campaign = await db.Campaigns.SingleAsync(c => c.Id == row.CampaignId, cancellationToken);
        return campaign.Status == CampaignStatus.Running && campaign.MoveTo(CampaignStatus.Paused, reason, now) ? campaign : null;
    }

    private static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
