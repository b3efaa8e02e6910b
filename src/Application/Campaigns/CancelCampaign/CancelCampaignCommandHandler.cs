using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.CancelCampaign;

internal sealed class CancelCampaignCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<CancelCampaignCommand, Result<CampaignDto>>
{
    public async ValueTask<Result<CampaignDto>> Handle(CancelCampaignCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.Include(c => c.Connections).SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken);
        if (campaign is null)
        {
            return CampaignErrors.NotFound(command.Id);
        }

        if (!campaign.MoveTo(CampaignStatus.Cancelled, command.Reason, clock.GetUtcNow()))
        {
            return CampaignErrors.InvalidTransition(campaign.Status.ToString().ToLowerInvariant(), "cancelled");
        }

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
