using FluentValidation;

namespace WhatsSuite.Application.Campaigns.ImportCampaignAudience;

internal sealed class ImportCampaignAudienceCommandValidator : AbstractValidator<ImportCampaignAudienceCommand>
{
    public ImportCampaignAudienceCommandValidator() => RuleFor(c => c.PhoneColumn).MaximumLength(AudienceFileImporter.MaxColumnNameLength);
}
