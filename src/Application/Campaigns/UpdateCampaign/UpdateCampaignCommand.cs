using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.UpdateCampaign;

/// <summary>Replaces a draft's settings (the same checks as creating one); a campaign that is no longer a draft is 409.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record UpdateCampaignCommand(
    Guid Id,
    string Name,
    IReadOnlyList<Guid> ConnectionIds,
    CampaignTemplateInput Template,
    Guid? QueueId,
    CampaignScheduleInput? Schedule,
    CampaignPaceInput? Pace) : ICommand<Result<CampaignDto>>, IAuditTarget, ICampaignSettings
{
    public string AuditTargetType => CampaignErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
