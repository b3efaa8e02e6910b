using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns;

/// <summary>
/// The routing rule for replies to broadcasts: a customer who writes to a connection within
/// <see cref="CampaignAudienceOptions.ReplyWindow"/> of a campaign message they received on it (a ledger row sent,
/// delivered or read, of a campaign sending through that connection) is answering that campaign. Their conversation
/// opens (or reopens) in the campaign's queue instead of the connection's default routing and shows the campaign,
/// and the ledger row records the reply. When several campaigns reached the number, the latest sent wins.
/// </summary>
internal sealed class CampaignReplies(IApplicationDbContext db, CampaignAudienceOptions options)
{
    /// <summary>
    /// The campaign each sender may be answering, per number: for each number of <paramref name="phonesByConnection"/>
    /// and each phone that wrote to it, the latest ledger row that reached that phone within the reply window from a
    /// campaign sending through that number. One query for every number of a batch.
    /// </summary>
    public async Task<IReadOnlyDictionary<(Guid ConnectionId, string Phone), CampaignReply>> FindAsync(
        IReadOnlyDictionary<Guid, List<string>> phonesByConnection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phonesByConnection);
        var asked = phonesByConnection.SelectMany(c => c.Value.Select(p => (c.Key, p))).ToHashSet();
        if (asked.Count == 0)
        {
            return new Dictionary<(Guid, string), CampaignReply>();
        }

        var wanted = asked.Select(a => a.p).Distinct(StringComparer.Ordinal).ToList();
        var connectionIds = asked.Select(a => a.Key).Distinct().ToList();
        var since = now - options.ReplyWindow;
        var rows = await (
            from r in db.CampaignRecipients
            join c in db.Campaigns on r.CampaignId equals c.Id
            from x in c.Connections
            where r.Phone != null && wanted.Contains(r.Phone) && r.SentAt != null && r.SentAt >= since
                && (r.Status == CampaignRecipientStatus.Sent || r.Status == CampaignRecipientStatus.Delivered || r.Status == CampaignRecipientStatus.Read)
                && connectionIds.Contains(x.ConnectionId)
            select new { x.ConnectionId, RecipientId = r.Id, Phone = r.Phone!, SentAt = r.SentAt!.Value, CampaignId = c.Id, c.Name, c.QueueId })
            .ToListAsync(cancellationToken);
        return rows.Where(r => asked.Contains((r.ConnectionId, r.Phone)))
            .GroupBy(r => (r.ConnectionId, r.Phone))
            .Select(g => g.OrderByDescending(r => r.SentAt).ThenByDescending(r => r.RecipientId).First())
            .ToDictionary(r => (r.ConnectionId, r.Phone), r => new CampaignReply(r.RecipientId, r.CampaignId, r.Name, r.QueueId));
    }

    /// <summary>Records the reply on the ledger rows of <paramref name="replies"/> (the first reply of each recipient only).</summary>
    public async Task RecordAsync(IReadOnlyCollection<CampaignReply> replies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = replies.Select(r => r.RecipientId).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        foreach (var recipient in await db.CampaignRecipients.Where(r => ids.Contains(r.Id) && r.RepliedAt == null).ToListAsync(cancellationToken))
        {
            recipient.RecordReply(now);
        }
    }
}

/// <summary>A reply to a campaign: the ledger row that reached the customer, the campaign, and the queue replies open in.</summary>
internal sealed record CampaignReply(Guid RecipientId, Guid CampaignId, string CampaignName, Guid? QueueId);
