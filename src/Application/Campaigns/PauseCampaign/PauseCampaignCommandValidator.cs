using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Campaigns.PauseCampaign;

internal sealed class PauseCampaignCommandValidator : AbstractValidator<PauseCampaignCommand>
{
    public PauseCampaignCommandValidator()
    {
        RuleFor(c => c.Reason).MaximumLength(PauseCampaignCommand.MaxReasonLength).Must(CommonRules.NoControlCharacters)
            .WithMessage("'{PropertyName}' must not contain control characters.");
    }
}
