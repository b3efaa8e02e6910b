using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.ResumeCampaign;

/// <summary>
/// Resumes a paused campaign: running again when it had started, scheduled when it was paused before its start. Its
/// template must still be APPROVED and its connections active. A campaign that is not paused is 409.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ResumeCampaignCommand(Guid Id) : ICommand<Result<CampaignDto>>, IAuditTarget
{
    public string AuditTargetType => CampaignErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
