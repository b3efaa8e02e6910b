using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.ScheduleCampaign;

internal sealed class ScheduleCampaignCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<ScheduleCampaignCommand, Result<CampaignDto>>
{
    public async ValueTask<Result<CampaignDto>> Handle(ScheduleCampaignCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.Include(c => c.Connections).SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken);
        if (campaign is null)
        {
            return CampaignErrors.NotFound(command.Id);
        }

        if (!campaign.CanMoveTo(CampaignStatus.Scheduled) || campaign.Status != CampaignStatus.Draft)
        {
            return CampaignErrors.InvalidTransition(campaign.Status.ToString().ToLowerInvariant(), "scheduled");
        }

        var now = clock.GetUtcNow();
        if (campaign.StartAt < now - CampaignRules.StartTolerance || campaign.StopAt <= now)
        {
            return CampaignErrors.SchedulePast;
        }

        // The settings are checked again: a template can be paused or a connection stopped since the draft was saved.
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

        if (!await db.CampaignRecipients.AnyAsync(r => r.CampaignId == campaign.Id && r.Status == CampaignRecipientStatus.Pending, cancellationToken))
        {
            return CampaignErrors.AudienceEmpty;
        }

        campaign.MoveTo(CampaignStatus.Scheduled, null, now);
        return await CampaignSaver.SaveAsync(db, campaign, cancellationToken);
    }
}
