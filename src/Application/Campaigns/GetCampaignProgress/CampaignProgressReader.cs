using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.GetCampaignProgress;

/// <summary>
/// Where a campaign stands, read from its ledger: the figures of <c>GET /campaigns/{id}/progress</c> and of the
/// real-time <c>campaign.progress</c> event, computed in one place so the two cannot differ. Three cheap reads at a
/// million rows: one grouped count of the campaign's ledger per state (the claim index starts with
/// (campaign_id, status)), one count of the rows sent within the last minute (index (campaign_id, sent_at)) and one of
/// the rows replied to.
/// </summary>
public sealed class CampaignProgressReader(IApplicationDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    /// <summary>The campaign's progress now; null when it does not exist.</summary>
    public async Task<CampaignProgressDto?> ReadAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.AsNoTracking().Include(c => c.Connections).SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var since = now - RateWindow;
        var counts = await db.CampaignRecipients.Where(r => r.CampaignId == campaign.Id)
            .GroupBy(r => r.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var sentLastMinute = await db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign.Id && r.SentAt >= since, cancellationToken);
        var replied = await db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign.Id && r.RepliedAt != null, cancellationToken);

        var byStatus = Enum.GetValues<CampaignRecipientStatus>().ToDictionary(Name, s => counts.Where(c => c.Status == s).Sum(c => c.Count), StringComparer.Ordinal);
        var remaining = byStatus[Name(CampaignRecipientStatus.Pending)] + byStatus[Name(CampaignRecipientStatus.Sending)];
        var rate = sentLastMinute / RateWindow.TotalSeconds;
        double? pace = rate > 0 ? rate : await ConfiguredPaceAsync(campaign, cancellationToken);
        DateTimeOffset? eta = campaign.Status == CampaignStatus.Running && remaining > 0 && pace is > 0
            ? now + TimeSpan.FromSeconds(Math.Ceiling(remaining / pace.Value))
            : null;
        return new CampaignProgressDto(
            campaign.Id, campaign.Status, byStatus.Values.Sum(), byStatus, replied, sentLastMinute, rate, pace, remaining, eta, campaign.StartedAt, campaign.FinishedAt);
    }

    /// <summary>The configured pace: messages per second per connection (or each connection's send rate) over all the campaign's connections.</summary>
    private async Task<double?> ConfiguredPaceAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var connectionIds = campaign.Connections.Select(c => c.ConnectionId).ToList();
        var rates = await db.Connections.AsNoTracking().Where(c => connectionIds.Contains(c.Id)).Select(c => c.SendRateLimitPerSecond).ToListAsync(cancellationToken);
        return rates.Count == 0 ? null : rates.Sum(r => (double)Math.Min(r, campaign.MessagesPerSecond ?? r));
    }

    private static string Name(CampaignRecipientStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}
