using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.CreateCampaign;

/// <summary>
/// Creates a draft campaign: the template must be APPROVED on every connection with each of its variables mapped to
/// a source, the reply queue linked to every connection, and the pace within every connection's send rate.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record CreateCampaignCommand(
    string Name,
    IReadOnlyList<Guid> ConnectionIds,
    CampaignTemplateInput Template,
    Guid? QueueId,
    CampaignScheduleInput? Schedule,
    CampaignPaceInput? Pace) : ICommand<Result<CampaignDto>>, IAuditTarget, ICampaignSettings
{
    public string AuditTargetType => CampaignErrors.TargetType;

    public string? AuditTargetId => null;
}
