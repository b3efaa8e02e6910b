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

    /// <summary>Moves the row of <paramref name="messageId"/> to follow the message's <paramref name="status"/> (a failure with its code and title).</summary>
    public static async Task FollowAsync(IApplicationDbContext db, Guid messageId, MessageStatus status, string? errorCode, string? errorTitle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!Moves.TryGetValue(status, out var move))
        {
            return;
        }

        var code = Cut(errorCode, CampaignRecipient.MaxErrorCodeLength);
        var title = Cut(errorTitle, CampaignRecipient.MaxErrorTitleLength);
        var failed = move.To == CampaignRecipientStatus.Failed;
        var reached = CampaignRecipient.Reached(move.To);
        await db.CampaignRecipients
            .Where(r => r.MessageId == messageId && move.From.Contains(r.Status))
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
