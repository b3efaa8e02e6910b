using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.SetCampaignAudience;

/// <summary>
/// The resolved audience: how many recipients the campaign will send to, how many entries are skipped and why, the
/// first skipped entries with their line (position in the list; null for a contact of the filter), and the first
/// recipients with their template variables filled in, as they will be sent.
/// </summary>
public sealed record CampaignAudienceDto(
    Guid CampaignId,
    int Recipients,
    int Skipped,
    IReadOnlyDictionary<string, int> SkippedByReason,
    IReadOnlyList<CampaignAudienceIssueDto> Issues,
    IReadOnlyList<CampaignRecipientPreviewDto> Preview);

/// <summary>A skipped audience entry: its line, what was given, and why.</summary>
public sealed record CampaignAudienceIssueDto(int? Line, string Input, string Reason);

/// <summary>A recipient and the values of the template's variables for them (<c>body.1</c> → <c>Ana</c>).</summary>
public sealed record CampaignRecipientPreviewDto(string Phone, Guid? ContactId, IReadOnlyDictionary<string, string> Variables)
{
    public static CampaignRecipientPreviewDto From(CampaignRecipient recipient, IReadOnlyDictionary<string, string> mapping)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return new CampaignRecipientPreviewDto(recipient.Phone!, recipient.ContactId, CampaignVariables.Render(mapping, recipient.Fields));
    }
}
