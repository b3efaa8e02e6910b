using FluentValidation;

namespace WhatsSuite.Application.Campaigns.CreateCampaign;

internal sealed class CreateCampaignCommandValidator : AbstractValidator<CreateCampaignCommand>
{
    public CreateCampaignCommandValidator() => CampaignRules.Settings(this);
}
