namespace WhatsSuite.Application.Campaigns;

/// <summary>Campaign audience and reply settings (read from the environment at start-up).</summary>
public sealed class CampaignAudienceOptions
{
    /// <summary>The largest audience file accepted, in bytes (<c>CAMPAIGN_AUDIENCE_FILE_MAX_BYTES</c>, default 100 MiB).</summary>
    public long MaxFileBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>
    /// How long after a campaign message an inbound message from its recipient counts as a reply to the campaign
    /// (<c>CAMPAIGN_REPLY_WINDOW_HOURS</c>, default 72 hours).
    /// </summary>
    public TimeSpan ReplyWindow { get; init; } = TimeSpan.FromHours(72);
}
