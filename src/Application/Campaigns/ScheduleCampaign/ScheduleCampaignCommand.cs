using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.ScheduleCampaign;

/// <summary>
/// Schedules a draft: it starts at its start time (none: at once), when its audience has recipients to send to, its
/// template is still APPROVED on every connection and its start and stop are not past. A campaign that is not a draft
/// is 409.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ScheduleCampaignCommand(Guid Id) : ICommand<Result<CampaignDto>>, IAuditTarget
{
    public string AuditTargetType => CampaignErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
