using System.Text.Json;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns;

/// <summary>
/// A campaign: its template and where each variable's value comes from, connections, the queue replies open in, the
/// schedule (start, stop, allowed hours in a time zone), the pace and its place in the lifecycle.
/// </summary>
public sealed record CampaignDto(
    Guid Id,
    string Name,
    CampaignStatus Status,
    string? StatusReason,
    CampaignTemplateDto Template,
    IReadOnlyList<Guid> ConnectionIds,
    Guid? QueueId,
    CampaignScheduleDto Schedule,
    CampaignPaceDto Pace,
    Guid CreatedByUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Version)
{
    public static CampaignDto From(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return new CampaignDto(
            campaign.Id,
            campaign.Name,
            campaign.Status,
            campaign.StatusReason,
            new CampaignTemplateDto(campaign.TemplateName, campaign.TemplateLanguage, JsonSerializer.Deserialize<Dictionary<string, string>>(campaign.Variables) ?? []),
            campaign.Connections.Select(c => c.ConnectionId).Order().ToList(),
            campaign.QueueId,
            new CampaignScheduleDto(campaign.StartAt, campaign.StopAt, campaign.TimeZone, Format(campaign.AllowedFrom), Format(campaign.AllowedUntil)),
            new CampaignPaceDto(campaign.MessagesPerSecond, campaign.DailyCap),
            campaign.CreatedByUserId,
            campaign.CreatedAt,
            campaign.UpdatedAt,
            campaign.StartedAt,
            campaign.FinishedAt,
            campaign.Version);
    }

    private static string? Format(TimeOnly? time) => time?.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The template by name and language, and for each variable (<c>body.1</c>, <c>header.1</c>, <c>button.0</c>) the source of its value.</summary>
public sealed record CampaignTemplateDto(string Name, string Language, IReadOnlyDictionary<string, string> Variables);

/// <summary>When the campaign may send: from <c>startAt</c> (null: as soon as it is started) until <c>stopAt</c>, between <c>allowedFrom</c> and <c>allowedUntil</c> (HH:mm) in <c>timeZone</c>.</summary>
public sealed record CampaignScheduleDto(DateTimeOffset? StartAt, DateTimeOffset? StopAt, string TimeZone, string? AllowedFrom, string? AllowedUntil);

/// <summary>Messages per second per connection (null: the connection's send rate) and the daily cap per connection (null: none).</summary>
public sealed record CampaignPaceDto(int? MessagesPerSecond, int? DailyCap);
