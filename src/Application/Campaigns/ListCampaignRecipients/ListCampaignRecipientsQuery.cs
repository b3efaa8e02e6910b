using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.ListCampaignRecipients;

/// <summary>
/// A campaign's ledger in a stable order (by row id), <see cref="Limit"/> rows at a time after
/// <see cref="Cursor"/> (the previous page's <c>nextCursor</c>), filtered by state, skip reason, the Cloud API's error
/// code and the start of the phone number (E.164 digits).
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ListCampaignRecipientsQuery(Guid CampaignId, CampaignRecipientFilter Filter, string? Cursor, int Limit = ListCampaignRecipientsQuery.DefaultLimit)
    : IQuery<Result<CampaignRecipientPage>>, IFilteredRecipients
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}

/// <summary>A message that filters a campaign's ledger.</summary>
public interface IFilteredRecipients
{
    CampaignRecipientFilter Filter { get; }
}

/// <summary>Which ledger rows: <c>status</c>, <c>skipReason</c>, <c>errorCode</c> and <c>phonePrefix</c> (E.164 digits, with or without '+'); each optional.</summary>
public sealed record CampaignRecipientFilter(string? Status, string? SkipReason, string? ErrorCode, string? PhonePrefix);

/// <summary>One ledger row: the recipient's number (null for an invalid or repeated entry), the entry as given and its line, its state and why.</summary>
public sealed record CampaignRecipientDto(
    Guid Id,
    string? Phone,
    string Input,
    int? Line,
    Guid? ContactId,
    CampaignRecipientStatus Status,
    string? SkipReason,
    string? ErrorCode,
    string? ErrorTitle,
    DateTimeOffset? SentAt,
    DateTimeOffset? RepliedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A page of the ledger; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record CampaignRecipientPage(IReadOnlyList<CampaignRecipientDto> Items, string? NextCursor);
