using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.UpdateCampaign;

internal sealed class UpdateCampaignCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<UpdateCampaignCommand, Result<CampaignDto>>
{
    public async ValueTask<Result<CampaignDto>> Handle(UpdateCampaignCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.Include(c => c.Connections).SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken);
        if (campaign is null)
        {
            return CampaignErrors.NotFound(command.Id);
        }

        if (campaign.Status != CampaignStatus.Draft)
        {
            return CampaignErrors.NotDraft;
        }

        var settings = await CampaignRules.CheckAsync(db, command.ConnectionIds, command.Template, command.QueueId, command.Schedule, command.Pace, cancellationToken);
        if (!settings.IsSuccess)
        {
            return settings.Error;
        }

        campaign.Edit(command.Name, settings.Value, clock.GetUtcNow());
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
