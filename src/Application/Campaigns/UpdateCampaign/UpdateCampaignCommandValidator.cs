using FluentValidation;

namespace WhatsSuite.Application.Campaigns.UpdateCampaign;

internal sealed class UpdateCampaignCommandValidator : AbstractValidator<UpdateCampaignCommand>
{
    public UpdateCampaignCommandValidator() => CampaignRules.Settings(this);
}
