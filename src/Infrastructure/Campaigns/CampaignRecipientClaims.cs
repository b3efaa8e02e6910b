using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Campaigns;

/// <summary>
/// The campaign ledger as a <see cref="LeasedQueue{TEntity}"/>: a campaign's pending rows whose <c>next_attempt_at</c>
/// has come, claimed within the dispatch command's transaction (<see cref="LeasedQueue{TEntity}.ClaimWithinTransactionAsync"/>).
/// </summary>
internal sealed class CampaignRecipientClaims(AppDbContext db) : ICampaignRecipientClaims
{
    /// <summary>How long a claimed row is held; the claim ends with its transaction, well within that.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public async Task<IReadOnlyList<Guid>> ClaimAsync(Guid campaignId, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await Queue(campaignId).ClaimWithinTransactionAsync(db, now, now + Lease, limit, cancellationToken);

    internal static LeasedQueue<CampaignRecipient> Queue(Guid campaignId) => new()
    {
        Table = "campaign_recipients",
        ReadySql = "q.campaign_id = @ledger_campaign AND q.status = @ledger_pending",
        ReadyParameters = new Dictionary<string, object>
        {
            ["ledger_campaign"] = campaignId,
            ["ledger_pending"] = nameof(CampaignRecipientStatus.Pending),
        },
        Ready = _ => r => r.CampaignId == campaignId && r.Status == CampaignRecipientStatus.Pending,
        Held = r => r.Status == CampaignRecipientStatus.Pending,
        Id = r => r.Id,
        Lease = r => r.NextAttemptAt,
    };
}
