using Mediator;
using WhatsSuite.Application.Campaigns.SetCampaignAudience;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.ImportCampaignAudience;

/// <summary>
/// Replaces a draft campaign's audience with the rows of an uploaded CSV or XLSX file, read row by row (never whole
/// in memory) and written into the recipient ledger in batches, in one transaction: a file found broken half-way
/// leaves the previous audience as it was. The phone column is <see cref="PhoneColumn"/> or the first column named
/// as <see cref="AudienceFileColumns.PhoneColumnNames"/> lists; every other named column becomes a
/// <c>column:&lt;name&gt;</c> field of the row's recipient, for the template's variables.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ImportCampaignAudienceCommand(Guid CampaignId, Stream Content, string? PhoneColumn)
    : ICommand<Result<CampaignAudienceFileDto>>, IAuditTarget
{
    public string AuditTargetType => CampaignErrors.TargetType;

    public string? AuditTargetId => CampaignId.ToString();
}

/// <summary>
/// What an audience file gives: its format, the phone column, the columns usable as <c>column:&lt;name&gt;</c>
/// variables, the data rows read (blank rows aside), the recipients and skipped rows (per reason), the first 100
/// skipped rows with their row in the file (the header is row 1), and the first recipients with their variables filled.
/// <see cref="Stored"/> says whether the ledger was replaced (false for a preview).
/// </summary>
public sealed record CampaignAudienceFileDto(
    Guid CampaignId,
    bool Stored,
    string Format,
    string PhoneColumn,
    IReadOnlyList<string> Columns,
    int Rows,
    int Recipients,
    int Skipped,
    IReadOnlyDictionary<string, int> SkippedByReason,
    IReadOnlyList<CampaignAudienceIssueDto> Issues,
    IReadOnlyList<CampaignRecipientPreviewDto> Preview);
