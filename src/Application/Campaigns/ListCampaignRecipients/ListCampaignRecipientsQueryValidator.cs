using FluentValidation;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.ListCampaignRecipients;

internal sealed class ListCampaignRecipientsQueryValidator : AbstractValidator<ListCampaignRecipientsQuery>
{
    public ListCampaignRecipientsQueryValidator()
    {
        CampaignRecipientFilterRules.Add(this);
        RuleFor(q => q.Limit).InclusiveBetween(1, ListCampaignRecipientsQuery.MaxLimit).OverridePropertyName("limit");
        RuleFor(q => q.Cursor).Must(c => c is null || Guid.TryParse(c, out _)).WithMessage("'cursor' must be the nextCursor of a previous page.").OverridePropertyName("cursor");
    }
}

/// <summary>The filter's rules, its fields named as the query parameters are.</summary>
internal static class CampaignRecipientFilterRules
{
    public static void Add<T>(AbstractValidator<T> validator)
        where T : IFilteredRecipients
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(q => q.Filter.Status).Must(s => s is null || CampaignRecipientFilters.TryStatus(s, out _))
            .WithMessage("'status' must be one of pending, sending, sent, delivered, read, failed, skipped.").OverridePropertyName("status");
        validator.RuleFor(q => q.Filter.SkipReason).Must(r => r is null || CampaignSkipReasons.All.Contains(r))
            .WithMessage($"'skipReason' must be one of {string.Join(", ", CampaignSkipReasons.All)}.").OverridePropertyName("skipReason");
        validator.RuleFor(q => q.Filter.ErrorCode).MaximumLength(CampaignRecipient.MaxErrorCodeLength).OverridePropertyName("errorCode");
        validator.RuleFor(q => q.Filter.PhonePrefix).Must(p => p is null || CampaignRecipientFilters.TryPrefix(p, out _))
            .WithMessage("'phonePrefix' must be 1 to 15 digits, with or without a leading '+'.").OverridePropertyName("phonePrefix");
    }
}
