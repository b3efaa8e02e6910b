using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.CancelCampaign;

/// <summary>Cancels a campaign that has not finished (draft, scheduled, running or paused); a finished one is 409.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record CancelCampaignCommand(Guid Id, string? Reason) : ICommand<Result<CampaignDto>>, IAuditTarget
{
    public const int MaxReasonLength = 500;

    public string AuditTargetType => CampaignErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
