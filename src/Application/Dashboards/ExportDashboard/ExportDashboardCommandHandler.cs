using System.Globalization;
using System.Text.Json;
using Mediator;
using WhatsSuite.Application.Common.Csv;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Dashboards.ExportDashboard;

internal sealed class ExportDashboardCommandHandler(DashboardViews views) : ICommandHandler<ExportDashboardCommand, Result<CsvFile>>
{
    public async ValueTask<Result<CsvFile>> Handle(ExportDashboardCommand command, CancellationToken cancellationToken)
    {
        var resolved = await views.ResolveAsync(command, cancellationToken);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        var (scope, period) = resolved.Value;
        var name = string.Create(CultureInfo.InvariantCulture, $"dashboard-{command.View}{(command.Level is null ? string.Empty : "-" + command.Level)}-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.csv");
        switch (command.View)
        {
            case "overview":
                var o = await views.OverviewAsync(scope, period, cancellationToken);
                var overview = new CsvBuilder("from", "to", "timeZone", "days", "messages", "inbound", "outbound", "mediaSent", "audioSent", "messagesPerDay",
                    "answered", "unanswered", "firstResponseMedianSeconds", "firstResponseP90Seconds", "slaBreaches",
                    "resolved", "resolutionMedianSeconds", "resolutionP90Seconds", "waitingNow", "oldestWaitSeconds", "openNow");
                overview.AppendRow(
                    [Date(o.From), Date(o.To), o.TimeZone, N(o.Days), .. Messages(o.Messages), o.MessagesPerDay.ToString(CultureInfo.InvariantCulture),
                    .. FirstResponse(o.FirstResponse), .. Resolution(o.Resolution), .. Live(o.Live)]);
                return overview.Build(name);
            case "daily":
                var d = await views.DailyAsync(scope, period, cancellationToken);
                var daily = new CsvBuilder("date", "messages", "inbound", "outbound", "mediaSent", "audioSent", "responses", "resolved");
                foreach (var day in d.Days)
                {
                    daily.AppendRow([Date(day.Date), .. Messages(day.Messages), N(day.Responses), N(day.Resolved)]);
                }

                return daily.Build(name);
            case "queues":
                var q = await views.QueuesAsync(scope, period, cancellationToken);
                var queues = new CsvBuilder("queueId", "queue", "firstResponseTargetSeconds", "messages", "inbound", "outbound", "mediaSent", "audioSent",
                    "answered", "unanswered", "firstResponseMedianSeconds", "firstResponseP90Seconds", "slaBreaches",
                    "resolved", "resolutionMedianSeconds", "resolutionP90Seconds", "waitingNow", "oldestWaitSeconds", "openNow");
                foreach (var row in q.Queues)
                {
                    queues.AppendRow([row.QueueId?.ToString(), row.Name, N(row.FirstResponseTargetSeconds), .. Messages(row.Messages), .. FirstResponse(row.FirstResponse), .. Resolution(row.Resolution), .. Live(row.Live)]);
                }

                return queues.Build(name);
            case "agents":
                var a = await views.AgentsAsync(scope, period, cancellationToken);
                var agents = new CsvBuilder("agentId", "agent", "messagesSent", "answered", "firstResponseMedianSeconds", "firstResponseP90Seconds", "slaBreaches",
                    "resolved", "resolutionMedianSeconds", "resolutionP90Seconds", "openNow", "onlineSeconds", "availableSeconds");
                foreach (var row in a.Agents)
                {
                    agents.AppendRow([row.AgentId.ToString(), row.Name, N(row.MessagesSent), N(row.Answered), N(row.FirstResponseMedianSeconds), N(row.FirstResponseP90Seconds),
                        N(row.SlaBreaches), .. Resolution(row.Resolution), N(row.OpenNow), N(row.Presence?.OnlineSeconds), N(row.Presence?.AvailableSeconds)]);
                }

                return agents.Build(name);
            case "campaigns":
                var c = await views.CampaignsAsync(scope, period, cancellationToken);
                var campaigns = new CsvBuilder("campaignId", "campaign", "status", "queueId", "queue", "startedAt", "finishedAt", "recipients", "skipped", "pending", "failed",
                    "sent", "delivered", "read", "replied", "deliveryRate", "readRate", "replyRate");
                foreach (var row in c.Campaigns)
                {
                    var r = row.Results;
                    campaigns.AppendRow([row.CampaignId.ToString(), row.Name, JsonNamingPolicy.SnakeCaseLower.ConvertName(row.Status.ToString()), row.QueueId?.ToString(), row.Queue,
                        Instant(row.StartedAt), Instant(row.FinishedAt), N(r.Recipients), N(r.Skipped), N(r.Pending), N(r.Failed), N(r.Sent), N(r.Delivered), N(r.Read), N(r.Replied),
                        Rate(r.DeliveryRate), Rate(r.ReadRate), Rate(r.ReplyRate)]);
                }

                return campaigns.Build(name);
            default:
                var drill = await views.DrilldownAsync(scope, period, DrilldownLevels.ByName[command.Level!], cancellationToken);
                var rows = new CsvBuilder("key", "label", "value");
                foreach (var row in drill.Rows)
                {
                    rows.AppendRow(row.Key, row.Label, N(row.Value));
                }

                return rows.Build(name);
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Instant(DateTimeOffset? value) => value?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string? Rate(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? N(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string?[] Messages(MessageFigures m) => [N(m.Total), N(m.Inbound), N(m.Outbound), N(m.MediaSent), N(m.AudioSent)];

    private static string?[] FirstResponse(FirstResponseFigures f) => [N(f.Answered), N(f.Unanswered), N(f.MedianSeconds), N(f.P90Seconds), N(f.SlaBreaches)];

    private static string?[] Resolution(ResolutionFigures r) => [N(r.Resolved), N(r.MedianSeconds), N(r.P90Seconds)];

    private static string?[] Live(LiveFigures l) => [N(l.WaitingNow), N(l.OldestWaitSeconds), N(l.OpenNow)];
}
