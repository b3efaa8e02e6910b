using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.ListCampaigns;

internal sealed class ListCampaignsQueryValidator : AbstractValidator<ListCampaignsQuery>
{
    public ListCampaignsQueryValidator()
    {
        RuleFor(q => q.Status)
            .Must(s => s is null || ListCampaignsQuery.TryParseStatus(s, out _))
            .WithMessage("'{PropertyName}' must be draft, scheduled, running, paused, completed, cancelled or failed.");
        RuleFor(q => q.Search).MaximumLength(Campaign.MaxNameLength).Must(CommonRules.NoControlCharacters)
            .WithMessage("'{PropertyName}' must not contain control characters.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
