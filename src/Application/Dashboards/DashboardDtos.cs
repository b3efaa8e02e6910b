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

/// <summary>One user's figures: messages they sent, the waits they answered, the conversations they closed, what they hold now.</summary>
public sealed record AgentFiguresDto(
    Guid AgentId,
    string Name,
    int MessagesSent,
    int Answered,
    int? FirstResponseMedianSeconds,
    int? FirstResponseP90Seconds,
    int SlaBreaches,
    ResolutionFigures Resolution,
    int OpenNow);

public sealed record DashboardAgentsDto(DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<AgentFiguresDto> Agents);

/// <summary>One bar of a drill-down: a stable key (an id, an hour, a date, a status or a type), its label and its value.</summary>
public sealed record DrilldownRowDto(string Key, string Label, int Value);

public sealed record DashboardDrilldownDto(DateOnly From, DateOnly To, string TimeZone, DrilldownLevel Level, IReadOnlyList<DrilldownRowDto> Rows);
