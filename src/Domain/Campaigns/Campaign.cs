using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Campaigns;

/// <summary>
/// A broadcast of one approved template to an audience over one or more connections, on a schedule and at a pace.
/// Its lifecycle: <see cref="CampaignStatus.Draft"/> → <see cref="CampaignStatus.Scheduled"/> →
/// <see cref="CampaignStatus.Running"/> ⇄ <see cref="CampaignStatus.Paused"/> → <see cref="CampaignStatus.Completed"/>,
/// <see cref="CampaignStatus.Cancelled"/> or <see cref="CampaignStatus.Failed"/>; only a draft can be edited, and every
/// move goes through <see cref="MoveTo"/>, which refuses a move the lifecycle does not allow.
/// </summary>
public sealed class Campaign
{
    public const int MaxNameLength = 120;
    public const int MaxTimeZoneLength = 64;
    public const int MaxStatusReasonLength = 500;
    public const int MaxConnections = 10;

    private static readonly Dictionary<CampaignStatus, CampaignStatus[]> Moves = new()
    {
        [CampaignStatus.Draft] = [CampaignStatus.Scheduled, CampaignStatus.Cancelled],
        [CampaignStatus.Scheduled] = [CampaignStatus.Draft, CampaignStatus.Running, CampaignStatus.Paused, CampaignStatus.Completed, CampaignStatus.Cancelled, CampaignStatus.Failed],
        [CampaignStatus.Running] = [CampaignStatus.Paused, CampaignStatus.Completed, CampaignStatus.Cancelled, CampaignStatus.Failed],
        [CampaignStatus.Paused] = [CampaignStatus.Running, CampaignStatus.Scheduled, CampaignStatus.Completed, CampaignStatus.Cancelled, CampaignStatus.Failed],
        [CampaignStatus.Completed] = [],
        [CampaignStatus.Cancelled] = [],
        [CampaignStatus.Failed] = [],
    };

    private readonly List<CampaignConnection> _connections = [];

    private Campaign()
    {
        Name = string.Empty;
        TemplateName = string.Empty;
        TemplateLanguage = string.Empty;
        TimeZone = "UTC";
        Variables = "{}";
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string TemplateName { get; private set; }

    public string TemplateLanguage { get; private set; }

    /// <summary>Where each template variable's value comes from, as JSON (<c>{"body.1":"contact.name", ...}</c>).</summary>
    public string Variables { get; private set; }

    /// <summary>The queue replies to the campaign's messages open their conversation in.</summary>
    public Guid? QueueId { get; private set; }

    public CampaignStatus Status { get; private set; }

    public string? StatusReason { get; private set; }

    public DateTimeOffset? StartAt { get; private set; }

    public DateTimeOffset? StopAt { get; private set; }

    /// <summary>IANA time zone of the allowed hours.</summary>
    public string TimeZone { get; private set; }

    /// <summary>Sending is allowed from this time of day (inclusive) in <see cref="TimeZone"/>; null: any time.</summary>
    public TimeOnly? AllowedFrom { get; private set; }

    /// <summary>... until this time of day (exclusive); earlier than <see cref="AllowedFrom"/> means overnight.</summary>
    public TimeOnly? AllowedUntil { get; private set; }

    /// <summary>Messages per second per connection; null: each connection's send rate.</summary>
    public int? MessagesPerSecond { get; private set; }

    /// <summary>At most this many messages per connection per rolling day; null: no cap.</summary>
    public int? DailyCap { get; private set; }

    public Guid CreatedByUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>When the last batch was handed to the outbox: the next may follow one second later (the pace).</summary>
    public DateTimeOffset? LastDispatchedAt { get; private set; }

    /// <summary>Optimistic concurrency: two moves of one campaign at once, one wins.</summary>
    public int Version { get; private set; }

    public IReadOnlyCollection<CampaignConnection> Connections => _connections;

    public bool IsFinished => Status is CampaignStatus.Completed or CampaignStatus.Cancelled or CampaignStatus.Failed;

    /// <summary>A new draft.</summary>
    public static Campaign CreateDraft(string name, CampaignSettings settings, Guid createdByUserId, DateTimeOffset now)
    {
        var campaign = new Campaign
        {
            Id = Guid.CreateVersion7(now),
            Status = CampaignStatus.Draft,
            CreatedByUserId = createdByUserId,
            CreatedAt = now,
        };
        campaign.Apply(name, settings, now);
        return campaign;
    }

    /// <summary>Replaces a draft's settings; false (and no change) when it is no longer a draft.</summary>
    public bool Edit(string name, CampaignSettings settings, DateTimeOffset now)
    {
        if (Status != CampaignStatus.Draft)
        {
            return false;
        }

        Apply(name, settings, now);
        return true;
    }

    /// <summary>
    /// Records that the draft's audience (its recipient ledger) was replaced; false (and no change) when it is no
    /// longer a draft. Bumps the version, so an audience and a lifecycle move at the same moment cannot both win.
    /// </summary>
    public bool ReplaceAudience(DateTimeOffset now)
    {
        if (Status != CampaignStatus.Draft)
        {
            return false;
        }

        UpdatedAt = now;
        Version++;
        return true;
    }

    /// <summary>Whether the lifecycle allows moving from the current status to <paramref name="next"/>.</summary>
    public bool CanMoveTo(CampaignStatus next) => Moves[Status].Contains(next);

    /// <summary>
    /// Moves the campaign to <paramref name="next"/> with an optional reason; false (and no change) when the lifecycle
    /// does not allow it. Running records the first start, a final status the end.
    /// </summary>
    public bool MoveTo(CampaignStatus next, string? reason, DateTimeOffset now)
    {
        if (!CanMoveTo(next))
        {
            return false;
        }

        Status = next;
        StatusReason = reason is null ? null : reason.Length <= MaxStatusReasonLength ? reason : reason[..MaxStatusReasonLength];
        if (next == CampaignStatus.Running)
        {
            StartedAt ??= now;
        }

        if (IsFinished)
        {
            FinishedAt = now;
        }

        UpdatedAt = now;
        Version++;
        return true;
    }

    /// <summary>
    /// Resumes a paused campaign: running again when it had started, scheduled (waiting for its start) when it was paused
    /// before starting. False (and no change) when it is not paused.
    /// </summary>
    public bool Resume(DateTimeOffset now) =>
        Status == CampaignStatus.Paused && MoveTo(StartedAt is null ? CampaignStatus.Scheduled : CampaignStatus.Running, null, now);

    /// <summary>
    /// Records that a batch of the running campaign was handed to the outbox. Bumps the version, so two batches of one
    /// campaign (two dispatchers) and a user's move cannot commit at the same moment: one wins, the others roll back with
    /// their claims, which keeps the daily cap exact.
    /// </summary>
    public bool RecordDispatch(DateTimeOffset now)
    {
        if (Status != CampaignStatus.Running)
        {
            return false;
        }

        LastDispatchedAt = now;
        UpdatedAt = now;
        Version++;
        return true;
    }

    /// <summary>The batch interval: a batch holds one second of the pace, and the next follows a second later.</summary>
    public static readonly TimeSpan BatchInterval = TimeSpan.FromSeconds(1);

    /// <summary>When the next batch may be dispatched: one <see cref="BatchInterval"/> after the last (none yet: now).</summary>
    public DateTimeOffset NextBatchAt(DateTimeOffset now) => LastDispatchedAt is { } last && last + BatchInterval > now ? last + BatchInterval : now;

    /// <summary>The most seconds of the pace one batch takes: a batch that came late makes up for up to one missed second.</summary>
    public const double MaxBatchSeconds = 2;

    /// <summary>
    /// How many seconds of the pace a batch dispatched at <paramref name="now"/> takes: the time since the last batch,
    /// at least one <see cref="BatchInterval"/> and at most <see cref="MaxBatchSeconds"/>. So a batch that took longer
    /// than a second to write (a busy database) does not lower the campaign's rate: the next one takes what was missed.
    /// </summary>
    public double BatchSeconds(DateTimeOffset now) =>
        LastDispatchedAt is { } last ? Math.Clamp((now - last).TotalSeconds, BatchInterval.TotalSeconds, MaxBatchSeconds) : BatchInterval.TotalSeconds;

    /// <summary>Whether a scheduled campaign's start has come (no start time: at once).</summary>
    public bool IsDue(DateTimeOffset now) => Status == CampaignStatus.Scheduled && (StartAt is null || StartAt <= now);

    /// <summary>Whether the campaign's stop time has come: it sends nothing more.</summary>
    public bool IsStopReached(DateTimeOffset now) => StopAt is { } stop && stop <= now;

    /// <summary>
    /// Whether <paramref name="now"/> falls within the allowed hours in the campaign's time zone (no allowed hours: any
    /// time). The start is inclusive and the end exclusive; an end before the start spans midnight.
    /// </summary>
    public bool IsWithinAllowedHours(DateTimeOffset now)
    {
        if (AllowedFrom is not { } from || AllowedUntil is not { } until)
        {
            return true;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        return from < until ? local >= from && local < until : local >= from || local < until;
    }

    private void Apply(string name, CampaignSettings settings, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.TemplateName);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.TemplateLanguage);
        if (settings.ConnectionIds.Count is 0 or > MaxConnections)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), $"A campaign uses 1 to {MaxConnections} connections.");
        }

        if (settings.StopAt is { } stop && settings.StartAt is { } start && stop <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "The stop must come after the start.");
        }

        if ((settings.AllowedFrom is null) != (settings.AllowedUntil is null) || (settings.AllowedFrom is { } from && from == settings.AllowedUntil))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "Allowed hours need a start and a different end.");
        }

        if (settings.MessagesPerSecond is < 1 || settings.DailyCap is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "Pace and daily cap are positive.");
        }

        Name = name.Trim();
        TemplateName = settings.TemplateName;
        TemplateLanguage = settings.TemplateLanguage;
        Variables = settings.Variables;
        QueueId = settings.QueueId;
        StartAt = settings.StartAt;
        StopAt = settings.StopAt;
        TimeZone = settings.TimeZone;
        AllowedFrom = settings.AllowedFrom;
        AllowedUntil = settings.AllowedUntil;
        MessagesPerSecond = settings.MessagesPerSecond;
        DailyCap = settings.DailyCap;
        _connections.RemoveAll(c => !settings.ConnectionIds.Contains(c.ConnectionId));
        foreach (var connectionId in settings.ConnectionIds.Where(id => _connections.All(c => c.ConnectionId != id)))
        {
            _connections.Add(new CampaignConnection(Id, connectionId));
        }

        UpdatedAt = now;
        Version++;
    }
}

/// <summary>What a draft can be edited in: the template and its variables, the connections, the queue, the schedule and the pace.</summary>
public sealed record CampaignSettings(
    string TemplateName,
    string TemplateLanguage,
    string Variables,
    IReadOnlyList<Guid> ConnectionIds,
    Guid? QueueId,
    DateTimeOffset? StartAt,
    DateTimeOffset? StopAt,
    string TimeZone,
    TimeOnly? AllowedFrom,
    TimeOnly? AllowedUntil,
    int? MessagesPerSecond,
    int? DailyCap);

/// <summary>A connection a campaign sends through.</summary>
public sealed class CampaignConnection
{
    public CampaignConnection(Guid campaignId, Guid connectionId)
    {
        CampaignId = campaignId;
        ConnectionId = connectionId;
    }

    public Guid CampaignId { get; private set; }

    public Guid ConnectionId { get; private set; }
}

/// <summary>A campaign's place in its lifecycle.</summary>
public enum CampaignStatus
{
    [JsonStringEnumMemberName("draft")]
    Draft = 0,

    [JsonStringEnumMemberName("scheduled")]
    Scheduled = 1,

    [JsonStringEnumMemberName("running")]
    Running = 2,

    [JsonStringEnumMemberName("paused")]
    Paused = 3,

    [JsonStringEnumMemberName("completed")]
    Completed = 4,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled = 5,

    [JsonStringEnumMemberName("failed")]
    Failed = 6,
}
