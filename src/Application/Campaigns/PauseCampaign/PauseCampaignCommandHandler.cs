using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.PauseCampaign;

internal sealed class PauseCampaignCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<PauseCampaignCommand, Result<CampaignDto>>
{
    public async ValueTask<Result<CampaignDto>> Handle(PauseCampaignCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.Include(c => c.Connections).SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken);
        if (campaign is null)
        {
            return CampaignErrors.NotFound(command.Id);
        }

        if (campaign.Status is not (CampaignStatus.Running or CampaignStatus.Scheduled) || !campaign.MoveTo(CampaignStatus.Paused, command.Reason, clock.GetUtcNow()))
        {
            return CampaignErrors.InvalidTransition(campaign.Status.ToString().ToLowerInvariant(), "paused");
        }

        return await CampaignSaver.SaveAsync(db, campaign, cancellationToken);
    }
}
