using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Dashboards;

/// <summary>The request every dashboard view takes: local dates (inclusive), an IANA time zone, optionally one queue.</summary>
public interface IDashboardRequest
{
    DateOnly? From { get; }

    DateOnly? To { get; }

    string? TimeZone { get; }

    Guid? QueueId { get; }
}

/// <summary>
/// Computes each dashboard view for the caller's scope; the queries, the CSV export and the printed report all use it,
/// so the three always show the same figures.
/// </summary>
public sealed class DashboardViews(DashboardReader reader, IDashboardStatistics statistics)
{
    public const int TopRows = 20;
    public const int CampaignRows = 100;
    public const string NoQueueLabel = "(no queue)";
    public const string AutomaticLabel = "(automatic)";
    public const string UnknownLabel = "(unknown)";

    public async Task<Result<(DashboardScope Scope, DashboardPeriod Period)>> ResolveAsync(IDashboardRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await reader.ScopeAsync(request.QueueId, cancellationToken);
        if (!scope.IsSuccess)
        {
            return scope.Error;
        }

        return (scope.Value, DashboardPeriod.Resolve(request.From, request.To, request.TimeZone, reader.Now));
    }

    public async Task<DashboardOverviewDto> OverviewAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken)
    {
        var counts = await reader.CountsByDayAsync(scope, period, CountDimensions.Direction | CountDimensions.Type, null, cancellationToken);
        var firstResponses = await statistics.FirstResponsesAsync(scope, period, FigureKey.All, reader.Now, cancellationToken);
        var resolutions = await statistics.ResolutionsAsync(scope, period, FigureKey.All, cancellationToken);
        var live = await reader.LiveAsync(scope, cancellationToken);
        var messages = DashboardReader.Figures(counts.Select(c => c.AsTypeCount));
        var days = period.To.DayNumber - period.From.DayNumber + 1;
        return new DashboardOverviewDto(
            period.From,
            period.To,
            period.TimeZoneId,
            days,
            messages,
            Math.Round((double)messages.Total / days, 2),
            firstResponses[Guid.Empty],
            resolutions[Guid.Empty],
            reader.Live(live));
    }

    public async Task<DashboardDailyDto> DailyAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken)
    {
        var counts = await reader.CountsByDayAsync(scope, period, CountDimensions.Direction | CountDimensions.Type, null, cancellationToken);
        var answered = await statistics.AnsweredPerBucketAsync(scope, period, cancellationToken);
        var resolved = await statistics.ResolvedPerBucketAsync(scope, period, cancellationToken);
        var byDay = counts.ToLookup(c => c.Day, c => c.AsTypeCount);

        // A 15-minute bucket lies in one local day (DashboardBuckets).
        var responsesByDay = answered.GroupBy(b => period.LocalDate(b.Bucket)).ToDictionary(g => g.Key, g => g.Sum(b => b.Count));
        var resolvedByDay = resolved.GroupBy(b => period.LocalDate(b.Bucket)).ToDictionary(g => g.Key, g => g.Sum(b => b.Count));
        var points = period.Days()
            .Select(day => new DailyPointDto(day, DashboardReader.Figures(byDay[day]), responsesByDay.GetValueOrDefault(day), resolvedByDay.GetValueOrDefault(day)))
            .ToList();
        return new DashboardDailyDto(period.From, period.To, period.TimeZoneId, points);
    }

    public async Task<DashboardQueuesDto> QueuesAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken)
    {
        var counts = await reader.CountsByDayAsync(scope, period, CountDimensions.Queue | CountDimensions.Direction | CountDimensions.Type, null, cancellationToken);
        var queues = await reader.QueuesAsync(cancellationToken);
        var firstResponses = await statistics.FirstResponsesAsync(scope, period, FigureKey.Queue, reader.Now, cancellationToken);
        var resolutions = await statistics.ResolutionsAsync(scope, period, FigureKey.Queue, cancellationToken);
        var live = await reader.LiveAsync(scope, cancellationToken);
        var targetOf = DashboardReader.TargetOf(queues);

        var keys = scope.QueueKeys?.ToHashSet() ?? [.. queues.Keys, Guid.Empty];
        var rows = keys
            .Where(key => key == Guid.Empty || queues.ContainsKey(key))
            .Select(key => new QueueFiguresDto(
                key == Guid.Empty ? null : key,
                key == Guid.Empty ? NoQueueLabel : queues[key].Name,
                targetOf(key),
                DashboardReader.Figures(counts.Where(c => c.QueueId == key).Select(c => c.AsTypeCount)),
                firstResponses.GetValueOrDefault(key) ?? FirstResponseFigures.None,
                resolutions.GetValueOrDefault(key) ?? ResolutionFigures.None,
                reader.Live(live, key)))
            .Where(q => q.QueueId is not null || q.Messages.Total > 0 || q.Live.WaitingNow > 0 || q.Live.OpenNow > 0 || q.Resolution.Resolved > 0 || q.FirstResponse.Unanswered > 0)
            .OrderByDescending(q => q.Messages.Total).ThenBy(q => q.Name, StringComparer.Ordinal)
            .ToList();
        return new DashboardQueuesDto(period.From, period.To, period.TimeZoneId, rows);
    }

    public async Task<DashboardAgentsDto> AgentsAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken)
    {
        var sent = (await reader.CountsByDayAsync(scope, period, CountDimensions.Agent, r => r.Direction == MessageDirection.Outbound && r.AgentId != Guid.Empty, cancellationToken))
            .GroupBy(c => c.AgentId)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var firstResponses = await statistics.FirstResponsesAsync(scope, period, FigureKey.Agent, reader.Now, cancellationToken);
        var resolutions = await statistics.ResolutionsAsync(scope, period, FigureKey.Agent, cancellationToken);
        var open = (await reader.LiveAsync(scope, cancellationToken)).Counts
            .Where(l => l.Status == ConversationStatus.OPEN && l.AssigneeId is not null)
            .GroupBy(l => l.AssigneeId!.Value)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Count));
        var presence = await statistics.PresenceAsync(period, cancellationToken);

        // Presence is the user's, whatever the queue: the whole of it, shown for the users the view's queues supervise
        // (everyone in an ADMIN's whole scope, the queues' members otherwise). They are listed even when they only were
        // online; anyone else on a row (a user of another queue who answered here) has no presence on it.
        HashSet<Guid>? members = scope.QueueKeys is null ? null : [.. await reader.MembersAsync(scope.QueueIds, cancellationToken)];
        bool Supervised(Guid id) => members is null || members.Contains(id);
        var onlineOnly = presence.Keys.Where(Supervised);
        var ids = sent.Keys.Concat(firstResponses.Keys).Concat(resolutions.Keys).Concat(open.Keys).Concat(onlineOnly).Distinct().ToList();
        var names = await reader.UserNamesAsync(ids, cancellationToken);
        var rows = ids.Select(id =>
            {
                var answers = firstResponses.GetValueOrDefault(id) ?? FirstResponseFigures.None;
                return new AgentFiguresDto(
                    id,
                    names.GetValueOrDefault(id) ?? UnknownLabel,
                    sent.GetValueOrDefault(id),
                    answers.Answered,
                    answers.MedianSeconds,
                    answers.P90Seconds,
                    answers.SlaBreaches,
                    resolutions.GetValueOrDefault(id) ?? ResolutionFigures.None,
                    open.GetValueOrDefault(id),
                    Supervised(id) ? presence.GetValueOrDefault(id) ?? PresenceFigures.None : null);
            })
            .OrderByDescending(a => a.MessagesSent).ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        return new DashboardAgentsDto(period.From, period.To, period.TimeZoneId, rows);
    }

    public async Task<DashboardCampaignsDto> CampaignsAsync(DashboardScope scope, DashboardPeriod period, CancellationToken cancellationToken)
    {
        var (campaigns, count) = await reader.CampaignsAsync(scope, period, CampaignRows, cancellationToken);
        var (ledgers, replied) = await reader.CampaignLedgersAsync([.. campaigns.Select(c => c.Id)], cancellationToken);
        var queues = campaigns.Any(c => c.QueueId is not null) ? await reader.QueuesAsync(cancellationToken) : [];
        var byCampaign = ledgers.ToLookup(l => l.CampaignId, l => (l.Status, l.Count));
        var rows = campaigns
            .Select(c => new CampaignResultsDto(
                c.Id,
                c.Name,
                c.Status,
                c.QueueId,
                c.QueueId is not { } queueId ? NoQueueLabel : queues.TryGetValue(queueId, out var queue) ? queue.Name : UnknownLabel,
                c.StartedAt,
                c.FinishedAt,
                CampaignFigures.From(byCampaign[c.Id], replied.GetValueOrDefault(c.Id))))
            .ToList();
        var totals = CampaignFigures.From(ledgers.Select(l => (l.Status, l.Count)), replied.Values.Sum());
        return new DashboardCampaignsDto(period.From, period.To, period.TimeZoneId, count, totals, rows);
    }

    public async Task<DashboardDrilldownDto> DrilldownAsync(DashboardScope scope, DashboardPeriod period, DrilldownLevel level, CancellationToken cancellationToken)
    {
        List<DrilldownRowDto> rows;
        switch (level)
        {
            case DrilldownLevel.Agent:
                var agents = Totals(await reader.CountsByDayAsync(scope, period, CountDimensions.Agent, r => r.Direction == MessageDirection.Outbound, cancellationToken), c => c.AgentId);
                var users = await reader.UserNamesAsync(agents.Keys, cancellationToken);
                rows = Top(agents.Select(a => new DrilldownRowDto(a.Key.ToString(), a.Key == Guid.Empty ? AutomaticLabel : users.GetValueOrDefault(a.Key) ?? UnknownLabel, a.Value)));
                break;
            case DrilldownLevel.Connection:
                var connections = Totals(await reader.CountsByDayAsync(scope, period, CountDimensions.Connection, null, cancellationToken), c => c.ConnectionId);
                var connectionNames = await reader.ConnectionNamesAsync(connections.Keys, cancellationToken);
                rows = Top(connections.Select(c => new DrilldownRowDto(c.Key.ToString(), connectionNames.GetValueOrDefault(c.Key) ?? UnknownLabel, c.Value)));
                break;
            case DrilldownLevel.Hour:
                var buckets = await reader.Counts(scope, period).GroupBy(r => r.BucketStart).Select(g => new { g.Key, Value = g.Sum(r => r.Count) }).ToListAsync(cancellationToken);
                var byHour = buckets.GroupBy(b => period.LocalHour(b.Key)).ToDictionary(g => g.Key, g => g.Sum(b => b.Value));
                rows = Enumerable.Range(0, 24)
                    .Select(h => new DrilldownRowDto(h.ToString("00", CultureInfo.InvariantCulture), h.ToString("00", CultureInfo.InvariantCulture) + ":00", byHour.GetValueOrDefault(h)))
                    .ToList();
                break;
            case DrilldownLevel.Day:
                var byDay = Totals(await reader.CountsByDayAsync(scope, period, CountDimensions.None, null, cancellationToken), c => c.Day);
                rows = period.Days()
                    .Select(d => new DrilldownRowDto(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), byDay.GetValueOrDefault(d)))
                    .ToList();
                break;
            case DrilldownLevel.Queue:
                var perQueue = Totals(await reader.CountsByDayAsync(scope, period, CountDimensions.Queue, null, cancellationToken), c => c.QueueId);
                var queues = await reader.QueuesAsync(cancellationToken);
                rows = Top(perQueue.Select(q => new DrilldownRowDto(
                    q.Key == Guid.Empty ? "none" : q.Key.ToString(),
                    q.Key == Guid.Empty ? NoQueueLabel : queues.TryGetValue(q.Key, out var queue) ? queue.Name : UnknownLabel,
                    q.Value)));
                break;
            case DrilldownLevel.Status:
                var live = (await reader.LiveAsync(scope, cancellationToken)).Counts;
                var closed = await reader.ClosedAsync(scope, cancellationToken);
                rows =
                [
                    new(nameof(ConversationStatus.UNASSIGNED), nameof(ConversationStatus.UNASSIGNED), live.Where(l => l.Status == ConversationStatus.UNASSIGNED).Sum(l => l.Count)),
                    new(nameof(ConversationStatus.OPEN), nameof(ConversationStatus.OPEN), live.Where(l => l.Status == ConversationStatus.OPEN).Sum(l => l.Count)),
                    new(nameof(ConversationStatus.CLOSED), nameof(ConversationStatus.CLOSED), (int)closed),
                ];
                break;
            default:
                var types = Totals(await reader.CountsByDayAsync(scope, period, CountDimensions.Type, null, cancellationToken), c => c.Type);
                rows = Top(types.Select(t => new DrilldownRowDto(t.Key, t.Key, t.Value)));
                break;
        }

        return new DashboardDrilldownDto(period.From, period.To, period.TimeZoneId, level, rows);
    }

    /// <summary>The period's totals of each key (the days added up; a key whose total is zero is left out).</summary>
    private static Dictionary<TKey, int> Totals<TKey>(IEnumerable<DayCount> counts, Func<DayCount, TKey> key)
        where TKey : notnull =>
        counts.GroupBy(key).Select(g => KeyValuePair.Create(g.Key, g.Sum(c => c.Count))).Where(t => t.Value != 0).ToDictionary();

    private static List<DrilldownRowDto> Top(IEnumerable<DrilldownRowDto> rows) =>
        rows.OrderByDescending(r => r.Value).ThenBy(r => r.Label, StringComparer.Ordinal).Take(TopRows).ToList();
}
