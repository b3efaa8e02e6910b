using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.GetCampaign;

/// <summary>One campaign with its settings and status.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetCampaignQuery(Guid Id) : IQuery<Result<CampaignDto>>;
