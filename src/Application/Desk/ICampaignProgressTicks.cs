namespace WhatsSuite.Application.Desk;

/// <summary>
/// One <c>campaign.progress</c> event per running campaign per second across the deployment, however many instances
/// publish: an instance sends a campaign's event for a second only when it claims (campaign, second) first. Shared
/// through Redis in server mode (a key set only if absent), in process memory in embedded mode (one instance).
/// </summary>
public interface ICampaignProgressTicks
{
    /// <summary>True for the first caller, on any instance, of <paramref name="campaignId"/> and <paramref name="unixSecond"/>.</summary>
    Task<bool> ClaimAsync(Guid campaignId, long unixSecond, CancellationToken cancellationToken);
}
