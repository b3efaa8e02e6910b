using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.GetCampaignProgress;

/// <summary>Where a campaign stands: its ledger counted per state, the rate achieved over the last minute and, while it runs, when it should end.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetCampaignProgressQuery(Guid CampaignId) : IQuery<Result<CampaignProgressDto>>;

/// <summary>
/// A campaign's progress: <see cref="Total"/> ledger rows and their count per state (<c>pending</c>, <c>sending</c>,
/// <c>sent</c>, <c>delivered</c>, <c>read</c>, <c>failed</c>, <c>skipped</c>), how many recipients replied, how many
/// messages went out in the last minute and that rate per second, the pace the ETA assumes (the rate achieved, or the
/// configured pace before anything went out) and the ETA while the campaign runs and has recipients left; null otherwise.
/// </summary>
public sealed record CampaignProgressDto(
    Guid CampaignId,
    CampaignStatus Status,
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    int Replied,
    int SentLastMinute,
    double RatePerSecond,
    double? PacePerSecond,
    int Remaining,
    DateTimeOffset? EstimatedFinishAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);
