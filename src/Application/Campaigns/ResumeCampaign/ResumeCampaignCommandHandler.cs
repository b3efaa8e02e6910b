using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.ResumeCampaign;

internal sealed class ResumeCampaignCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<ResumeCampaignCommand, Result<CampaignDto>>
{
    public async ValueTask<Result<CampaignDto>> Handle(ResumeCampaignCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.Include(c => c.Connections).SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken);
        if (campaign is null)
        {
            return CampaignErrors.NotFound(command.Id);
        }

        if (campaign.Status != CampaignStatus.Paused)
        {
            return CampaignErrors.InvalidTransition(campaign.Status.ToString().ToLowerInvariant(), "running");
        }

        // A campaign paused because a token was refused (190) or a template paused resumes only once they are usable again.
        var settings = await CampaignRules.CheckAsync(
            db,
            campaign.Connections.Select(c => c.ConnectionId).ToList(),
            new CampaignTemplateInput(campaign.TemplateName, campaign.TemplateLanguage, CampaignVariables.Mapping(campaign.Variables)),
            campaign.QueueId,
            null,
            new CampaignPaceInput(campaign.MessagesPerSecond, campaign.DailyCap),
            cancellationToken);
        if (!settings.IsSuccess)
        {
            return settings.Error;
        }

        campaign.Resume(clock.GetUtcNow());
        return await CampaignSaver.SaveAsync(db, campaign, cancellationToken);
    }
}
