using FluentValidation;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.ListCampaignRecipients;

internal sealed class ListCampaignRecipientsQueryValidator : AbstractValidator<ListCampaignRecipientsQuery>
{
    public ListCampaignRecipientsQueryValidator()
    {
        RuleFor(q => q.Filter).SetValidator(new CampaignRecipientFilterValidator());
        RuleFor(q => q.Limit).InclusiveBetween(1, ListCampaignRecipientsQuery.MaxLimit).OverridePropertyName("limit");
        RuleFor(q => q.Cursor).Must(c => c is null || Guid.TryParse(c, out _)).WithMessage("'cursor' must be the nextCursor of a previous page.").OverridePropertyName("cursor");
    }
}

internal sealed class ExportCampaignRecipientsCommandValidator : AbstractValidator<ExportCampaignRecipientsCommand>
{
    public ExportCampaignRecipientsCommandValidator() => RuleFor(q => q.Filter).SetValidator(new CampaignRecipientFilterValidator());
}

internal sealed class CampaignRecipientFilterValidator : AbstractValidator<CampaignRecipientFilter>
{
    public CampaignRecipientFilterValidator()
    {
        RuleFor(f => f.Status).Must(s => s is null || CampaignRecipientFilters.TryStatus(s, out _))
            .WithMessage("'status' must be one of pending, sending, sent, delivered, read, failed, skipped.").OverridePropertyName("status");
        RuleFor(f => f.SkipReason).Must(r => r is null || CampaignSkipReasons.All.Contains(r))
            .WithMessage($"'skipReason' must be one of {string.Join(", ", CampaignSkipReasons.All)}.").OverridePropertyName("skipReason");
        RuleFor(f => f.ErrorCode).MaximumLength(CampaignRecipient.MaxErrorCodeLength).OverridePropertyName("errorCode");
        RuleFor(f => f.PhonePrefix).Must(p => p is null || CampaignRecipientFilters.TryPrefix(p, out _))
            .WithMessage("'phonePrefix' must be 1 to 15 digits, with or without a leading '+'.").OverridePropertyName("phonePrefix");
    }
}
