using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.ListCampaigns;

/// <summary>Campaigns, newest first; filters: status, a name fragment.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ListCampaignsQuery(string? Status, string? Search, int Page = 1, int PageSize = PageDefaults.PageSize) : IQuery<Result<PagedList<CampaignDto>>>
{
    /// <summary>A status by its API name (<c>draft</c>, <c>running</c>, ...).</summary>
    public static bool TryParseStatus(string value, out CampaignStatus status) =>
        Enum.TryParse(value, ignoreCase: true, out status) && Enum.IsDefined(status) && !value.Any(char.IsAsciiDigit);
}
