using FluentValidation;
using WhatsSuite.Application.Campaigns.ListCampaignRecipients;

namespace WhatsSuite.Application.Campaigns.ExportCampaignRecipients;

internal sealed class ExportCampaignRecipientsCommandValidator : AbstractValidator<ExportCampaignRecipientsCommand>
{
    public ExportCampaignRecipientsCommandValidator() => CampaignRecipientFilterRules.Add(this);
}
