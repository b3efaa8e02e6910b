using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns;

/// <summary>Saves a campaign's move; a move of the same campaign saved first by another request wins (409 <c>campaigns.changed</c>).</summary>
internal static class CampaignSaver
{
    public static async Task<Result<CampaignDto>> SaveAsync(IApplicationDbContext db, Campaign campaign, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CampaignErrors.Changed;
        }

        return CampaignDto.From(campaign);
    }
}
