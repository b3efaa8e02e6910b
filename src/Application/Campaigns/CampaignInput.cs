namespace WhatsSuite.Application.Campaigns;

/// <summary>The template by name and language, and the source of each variable's value (<c>body.1</c> → <c>contact.name</c>, <c>column:first_name</c> or <c>text:...</c>).</summary>
public sealed record CampaignTemplateInput(string Name, string Language, IReadOnlyDictionary<string, string>? Variables);

/// <summary>Start and stop (optional), allowed hours of the day as <c>HH:mm</c> (both or neither) in an IANA time zone (default <c>UTC</c>).</summary>
public sealed record CampaignScheduleInput(DateTimeOffset? StartAt, DateTimeOffset? StopAt, string? TimeZone, string? AllowedFrom, string? AllowedUntil);

/// <summary>Messages per second per connection (default: the connection's send rate) and a daily cap per connection.</summary>
public sealed record CampaignPaceInput(int? MessagesPerSecond, int? DailyCap);

/// <summary>The settings a draft is created or edited with.</summary>
public interface ICampaignSettings
{
    string Name { get; }

    IReadOnlyList<Guid> ConnectionIds { get; }

    CampaignTemplateInput Template { get; }

    Guid? QueueId { get; }

    CampaignScheduleInput? Schedule { get; }

    CampaignPaceInput? Pace { get; }
}
