using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Dashboards;

namespace WhatsSuite.Application.Dashboards;

/// <summary>Message counts: all, from customers, from the business, media and audio sent.</summary>
public sealed record MessageFigures(int Total, int Inbound, int Outbound, int MediaSent, int AudioSent);

/// <summary>First responses: waits answered and still unanswered, the median and 90th percentile in seconds, and SLA breaches.</summary>
public sealed record FirstResponseFigures(int Answered, int Unanswered, int? MedianSeconds, int? P90Seconds, int SlaBreaches)
{
    /// <summary>No wait at all.</summary>
    public static FirstResponseFigures None { get; } = new(0, 0, null, null, 0);
}

/// <summary>Resolutions (closings): how many, and the median and 90th percentile of their duration in seconds.</summary>
public sealed record ResolutionFigures(int Resolved, int? MedianSeconds, int? P90Seconds)
{
    /// <summary>No closing at all.</summary>
    public static ResolutionFigures None { get; } = new(0, null, null);
}

/// <summary>Right now: conversations waiting in their queue, the oldest wait in seconds, conversations being handled.</summary>
public sealed record LiveFigures(int WaitingNow, int? OldestWaitSeconds, int OpenNow);

/// <summary>The headline figures of a period.</summary>
public sealed record DashboardOverviewDto(
    DateOnly From,
    DateOnly To,
    string TimeZone,
    int Days,
    MessageFigures Messages,
    double MessagesPerDay,
    FirstResponseFigures FirstResponse,
    ResolutionFigures Resolution,
    LiveFigures Live);

/// <summary>One local day of the daily series.</summary>
public sealed record DailyPointDto(DateOnly Date, MessageFigures Messages, int Responses, int Resolved);

public sealed record DashboardDailyDto(DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<DailyPointDto> Days);

/// <summary>One queue's figures (<see cref="QueueId"/> null for conversations without a queue).</summary>
public sealed record QueueFiguresDto(
    Guid? QueueId,
    string Name,
    int FirstResponseTargetSeconds,
    MessageFigures Messages,
    FirstResponseFigures FirstResponse,
    ResolutionFigures Resolution,
    LiveFigures Live);

public sealed record DashboardQueuesDto(DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<QueueFiguresDto> Queues);

/// <summary>Presence time: seconds online on the desk (any availability), and of those the seconds available for new conversations.</summary>
public sealed record PresenceFigures(int OnlineSeconds, int AvailableSeconds)
{
    /// <summary>Not online at all.</summary>
    public static PresenceFigures None { get; } = new(0, 0);
}

/// <summary>
/// One user's figures: messages they sent, the waits they answered, the conversations they closed, what they hold now,
/// and their presence time in the period (null for a user the view's queues do not supervise: not one of their members).
/// </summary>
public sealed record AgentFiguresDto(
    Guid AgentId,
    string Name,
    int MessagesSent,
    int Answered,
    int? FirstResponseMedianSeconds,
    int? FirstResponseP90Seconds,
    int SlaBreaches,
    ResolutionFigures Resolution,
    int OpenNow,
    PresenceFigures? Presence);

public sealed record DashboardAgentsDto(DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<AgentFiguresDto> Agents);

/// <summary>One bar of a drill-down: a stable key (an id, an hour, a date, a status or a type), its label and its value.</summary>
public sealed record DrilldownRowDto(string Key, string Label, int Value);

public sealed record DashboardDrilldownDto(DateOnly From, DateOnly To, string TimeZone, DrilldownLevel Level, IReadOnlyList<DrilldownRowDto> Rows);

/// <summary>
/// A campaign's results from its ledger: recipients in all, skipped before sending (opted out, invalid, duplicate),
/// still to send (pending or being sent), failed, accepted by WhatsApp (<see cref="Sent"/>: sent, delivered or read),
/// delivered (delivered or read), read, and the recipients who replied; each rate is a share of <see cref="Sent"/>
/// (null before anything was sent), rounded to four decimals.
/// </summary>
public sealed record CampaignFigures(int Recipients, int Skipped, int Pending, int Failed, int Sent, int Delivered, int Read, int Replied, double? DeliveryRate, double? ReadRate, double? ReplyRate)
{
    /// <summary>The figures of ledger counts per state and the number of recipients who replied.</summary>
    public static CampaignFigures From(IEnumerable<(CampaignRecipientStatus Status, int Count)> counts, int replied)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var byStatus = counts.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        int Of(params CampaignRecipientStatus[] statuses) => statuses.Sum(s => byStatus.GetValueOrDefault(s));
        var sent = byStatus.Where(c => CampaignRecipient.Reached(c.Key)).Sum(c => c.Value);
        var delivered = Of(CampaignRecipientStatus.Delivered, CampaignRecipientStatus.Read);
        var read = Of(CampaignRecipientStatus.Read);
        return new CampaignFigures(
            byStatus.Values.Sum(),
            Of(CampaignRecipientStatus.Skipped),
            Of(CampaignRecipientStatus.Pending, CampaignRecipientStatus.Sending),
            Of(CampaignRecipientStatus.Failed),
            sent,
            delivered,
            read,
            replied,
            Rate(delivered, sent),
            Rate(read, sent),
            Rate(replied, sent));
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}

/// <summary>A campaign that was sending during the period, with its results so far; <see cref="Queue"/> is where its replies open.</summary>
public sealed record CampaignResultsDto(
    Guid CampaignId,
    string Name,
    CampaignStatus Status,
    Guid? QueueId,
    string Queue,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    CampaignFigures Results);

/// <summary>
/// The campaigns that were sending during the period (<see cref="CampaignCount"/> in all, the most recently started
/// listed first, at most <see cref="DashboardViews.CampaignRows"/>), and <see cref="Totals"/> over those listed.
/// </summary>
public sealed record DashboardCampaignsDto(DateOnly From, DateOnly To, string TimeZone, int CampaignCount, CampaignFigures Totals, IReadOnlyList<CampaignResultsDto> Campaigns);
