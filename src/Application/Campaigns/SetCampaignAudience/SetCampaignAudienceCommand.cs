using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.SetCampaignAudience;

/// <summary>
/// Replaces a draft campaign's audience and resolves it into the recipient ledger: the contacts that match
/// <see cref="Contacts"/> and the explicit <see cref="Numbers"/>, one row per phone number. Opted-out contacts
/// (and, for a MARKETING template, contacts who stopped marketing messages), entries that are not phone numbers and
/// numbers already listed are kept as skipped rows with their reason. Neither a filter nor numbers: the audience is
/// emptied.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record SetCampaignAudienceCommand(Guid CampaignId, CampaignContactFilterInput? Contacts, IReadOnlyList<string>? Numbers)
    : ICommand<Result<CampaignAudienceDto>>, IAuditTarget
{
    /// <summary>The most explicit numbers one request may list (larger lists are uploaded as a file).</summary>
    public const int MaxNumbers = 10_000;

    public string AuditTargetType => CampaignErrors.TargetType;

    public string? AuditTargetId => CampaignId.ToString();
}

/// <summary>
/// Contacts with a phone number that carry any of <see cref="Tags"/> (none: every contact), who last wrote within
/// [<see cref="LastSeenAfter"/>, <see cref="LastSeenBefore"/>) when given; <see cref="OptedInOnly"/> leaves opted-out
/// contacts out entirely instead of listing them as skipped.
/// </summary>
public sealed record CampaignContactFilterInput(IReadOnlyList<string>? Tags, bool? OptedInOnly, DateTimeOffset? LastSeenAfter, DateTimeOffset? LastSeenBefore);
