using Mediator;
using WhatsSuite.Application.Campaigns.ListCampaignRecipients;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.ExportCampaignRecipients;

/// <summary>
/// The whole filtered ledger as CSV, streamed row by row (never whole in memory). Audited: an export of customers'
/// numbers. Runs without a transaction: the rows are read while the answer is written.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
[WithoutTransaction]
public sealed record ExportCampaignRecipientsCommand(Guid CampaignId, CampaignRecipientFilter Filter) : ICommand<Result<CampaignRecipientExport>>, IAuditTarget, IFilteredRecipients
{
    public string AuditTargetType => CampaignErrors.TargetType;

    public string? AuditTargetId => CampaignId.ToString();
}

/// <summary>The export: its file name and its rows, read from the database while they are written out.</summary>
public sealed record CampaignRecipientExport(string FileName, IAsyncEnumerable<CampaignRecipientDto> Rows);
