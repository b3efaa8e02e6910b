using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Campaigns.CancelCampaign;

internal sealed class CancelCampaignCommandValidator : AbstractValidator<CancelCampaignCommand>
{
    public CancelCampaignCommandValidator()
    {
        RuleFor(c => c.Reason).MaximumLength(CancelCampaignCommand.MaxReasonLength).Must(CommonRules.NoControlCharacters)
            .WithMessage("'{PropertyName}' must not contain control characters.");
    }
}
