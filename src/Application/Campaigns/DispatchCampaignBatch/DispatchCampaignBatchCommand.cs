using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Campaigns.DispatchCampaignBatch;

/// <summary>
/// Hands one batch of a running campaign to the outbox, in one transaction: claims up to <see cref="Limit"/> due
/// pending recipients (<c>FOR UPDATE SKIP LOCKED</c>), no more than one second of the campaign's pace per connection and
/// at most one batch per second (<see cref="Domain.Campaigns.Campaign.BatchInterval"/>), within each connection's daily cap, and for each creates its
/// outbound template message (variables rendered from its fields) in its conversation and moves its row pending →
/// sending. A crash before the commit leaves the rows pending and no message; after it, the rows are sending and their
/// messages are in the outbox: no recipient is sent twice or lost. Also ends the campaign when its stop time has come or
/// nothing is left to send, and pauses it when a connection's token was refused or its template is no longer approved.
/// Sent by the dispatch job as <c>job:campaign-dispatch</c>; audited once per batch.
/// </summary>
[SystemOnly]
public sealed record DispatchCampaignBatchCommand(Guid CampaignId, int Limit) : ICommand<Result<CampaignBatchResult>>, IAuditTarget
{
    /// <summary>Two seconds of the highest pace (1,000 messages per second): a late batch makes up for a missed second.</summary>
    public const int MaxLimit = 2_000;

    /// <summary>The reason a campaign ends at its stop time.</summary>
    public const string StopReachedReason = "stop_time_reached: recipients still pending were not sent";

    public string AuditTargetType => CampaignErrors.TargetType;

    public string? AuditTargetId => CampaignId.ToString();
}

/// <summary>What a batch did: its outcome and the recipients handed to the outbox, skipped or failed before sending.</summary>
public sealed record CampaignBatchResult(CampaignBatchOutcome Outcome, int Dispatched, int Skipped, int Failed, DateTimeOffset? NextBatchAt = null);

/// <summary>Why a batch ended as it did.</summary>
public enum CampaignBatchOutcome
{
    /// <summary>Recipients were handed to the outbox (or skipped): there may be more.</summary>
    Dispatched,

    /// <summary>The previous batch was less than a second ago (the pace): come back at <see cref="CampaignBatchResult.NextBatchAt"/>.</summary>
    Paced,

    /// <summary>Nothing due now (the rest waits for a backoff, or is being sent): come back later.</summary>
    Idle,

    /// <summary>Outside the campaign's allowed hours: nothing was claimed.</summary>
    OutsideAllowedHours,

    /// <summary>Every connection's daily cap is used up for the last 24 hours.</summary>
    DailyCapReached,

    /// <summary>No active connection to send on (they are being fixed): nothing was claimed.</summary>
    NoConnection,

    /// <summary>The campaign is not running (paused, cancelled, finished, or not started).</summary>
    NotRunning,

    /// <summary>The campaign ended: its stop time came, or no recipient is pending or being sent.</summary>
    Completed,

    /// <summary>The campaign was paused (a connection's token refused, its template no longer approved).</summary>
    Paused,
}
