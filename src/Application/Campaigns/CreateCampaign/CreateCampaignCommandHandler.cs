using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.CreateCampaign;

internal sealed class CreateCampaignCommandHandler(IApplicationDbContext db, ActorContext actor, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<CreateCampaignCommand, Result<CampaignDto>>
{
    public async ValueTask<Result<CampaignDto>> Handle(CreateCampaignCommand command, CancellationToken cancellationToken)
    {
        var settings = await CampaignRules.CheckAsync(db, command.ConnectionIds, command.Template, command.QueueId, command.Schedule, command.Pace, cancellationToken);
        if (!settings.IsSuccess)
        {
            return settings.Error;
        }

        var campaign = Campaign.CreateDraft(command.Name, settings.Value, actor.Current.UserId!.Value, clock.GetUtcNow());
        db.Campaigns.Add(campaign);
        auditScope.SetTarget(CampaignErrors.TargetType, campaign.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        return CampaignDto.From(campaign);
    }
}
