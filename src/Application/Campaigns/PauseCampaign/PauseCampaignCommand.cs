using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.PauseCampaign;

/// <summary>
/// Pauses a running or scheduled campaign with an optional reason: nothing more is claimed from its ledger until it is
/// resumed (messages already handed to the outbox still go). Any other status is 409.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record PauseCampaignCommand(Guid Id, string? Reason) : ICommand<Result<CampaignDto>>, IAuditTarget
{
    public const int MaxReasonLength = 500;

    public string AuditTargetType => CampaignErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
