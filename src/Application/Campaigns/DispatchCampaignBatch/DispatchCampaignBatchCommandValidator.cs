using FluentValidation;

namespace WhatsSuite.Application.Campaigns.DispatchCampaignBatch;

internal sealed class DispatchCampaignBatchCommandValidator : AbstractValidator<DispatchCampaignBatchCommand>
{
    public DispatchCampaignBatchCommandValidator()
    {
        RuleFor(c => c.Limit).InclusiveBetween(1, DispatchCampaignBatchCommand.MaxLimit);
    }
}
