using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns.DispatchCampaignBatch;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.StartDueCampaigns;

internal sealed class StartDueCampaignsCommandHandler(IApplicationDbContext db, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<StartDueCampaignsCommand, Result<IReadOnlyList<RunningCampaign>>>
{
    public async ValueTask<Result<IReadOnlyList<RunningCampaign>>> Handle(StartDueCampaignsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.Campaigns
            .Where(c => c.Status == CampaignStatus.Scheduled && (c.StartAt == null || c.StartAt <= now || (c.StopAt != null && c.StopAt <= now)))
            .ToListAsync(cancellationToken);
        foreach (var campaign in due)
        {
            if (campaign.IsStopReached(now))
            {
                campaign.MoveTo(CampaignStatus.Completed, DispatchCampaignBatchCommand.StopReachedReason, now);
                auditScope.AddTarget(CampaignErrors.TargetType, campaign.Id.ToString(), "completed");
            }
            else
            {
                campaign.MoveTo(CampaignStatus.Running, null, now);
                auditScope.AddTarget(CampaignErrors.TargetType, campaign.Id.ToString(), "started");
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A user paused or cancelled one of them at the same moment: nothing moves now, the next minute tries again.
            return CampaignErrors.Changed;
        }

        return await db.Campaigns.AsNoTracking()
            .Where(c => c.Status == CampaignStatus.Running)
            .OrderBy(c => c.StartedAt).ThenBy(c => c.Id)
            .Select(c => new RunningCampaign(c.Id, c.Name))
            .ToListAsync(cancellationToken);
    }
}
