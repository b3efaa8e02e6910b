using FluentValidation;
using WhatsSuite.Application.Contacts;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.SetCampaignAudience;

internal sealed class SetCampaignAudienceCommandValidator : AbstractValidator<SetCampaignAudienceCommand>
{
    public SetCampaignAudienceCommandValidator()
    {
        RuleFor(c => c.Numbers)
            .Must(n => n is null || n.Count <= SetCampaignAudienceCommand.MaxNumbers)
            .WithMessage($"At most {SetCampaignAudienceCommand.MaxNumbers} numbers per request; upload a file for more.")
            .Must(n => n is null || n.All(x => x is { Length: <= CampaignRecipient.MaxInputLength }))
            .WithMessage($"Each number is a string of at most {CampaignRecipient.MaxInputLength} characters.");
        When(c => c.Contacts is not null, () =>
        {
            RuleFor(c => c.Contacts!.Tags).ValidTags().OverridePropertyName("contacts.tags");
            RuleFor(c => c.Contacts).Must(f => f!.LastSeenAfter is null || f.LastSeenBefore is null || f.LastSeenAfter < f.LastSeenBefore)
                .WithMessage("'contacts.lastSeenAfter' must come before 'contacts.lastSeenBefore'.");
        });
    }
}
