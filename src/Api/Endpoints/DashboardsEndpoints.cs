using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Api.Reports;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Application.Dashboards.ExportDashboard;
using WhatsSuite.Application.Dashboards.GetDashboardAgents;
using WhatsSuite.Application.Dashboards.GetDashboardCampaigns;
using WhatsSuite.Application.Dashboards.GetDashboardDaily;
using WhatsSuite.Application.Dashboards.GetDashboardDrilldown;
using WhatsSuite.Application.Dashboards.GetDashboardOverview;
using WhatsSuite.Application.Dashboards.GetDashboardQueues;
using WhatsSuite.Application.Dashboards.GetDashboardReport;

namespace WhatsSuite.Api.Endpoints;

internal sealed class DashboardsEndpoints : IEndpointGroup
{
    private const string PeriodHelp =
        " Period: from and to are local dates (YYYY-MM-DD, both inclusive; default the last 7 days) in the IANA time zone tz (default UTC; 400 when unknown), at most 366 days."
        + " queueId narrows to one queue (404 dashboards.queue_not_found when it is not the caller's). A SUPERVISOR sees their queues and the conversations without a queue; an ADMIN all."
        + " Figures come from rollups refreshed every minute; waiting and open counts are live.";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/dashboard").WithTags("Dashboard");

        group.MapGet("/overview", Overview)
            .WithName("dashboard_overview")
            .WithSummary("Headline figures of a period (ADMIN, SUPERVISOR)")
            .WithDescription("Messages (in, out, media, audio), first responses (answered, unanswered, median and p90 seconds, SLA breaches against each queue's target), resolutions (median and p90 seconds), conversations waiting now and the oldest wait." + PeriodHelp)
            .Produces<DashboardOverviewDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/daily", Daily)
            .WithName("dashboard_daily")
            .WithSummary("The period day by day (ADMIN, SUPERVISOR)")
            .WithDescription("One point per local day: messages, answered waits (by the day they started) and closings." + PeriodHelp)
            .Produces<DashboardDailyDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/queues", Queues)
            .WithName("dashboard_queues")
            .WithSummary("The period per queue (ADMIN, SUPERVISOR)")
            .WithDescription("Per queue: its first-response target, messages, first responses, resolutions, waiting now and the oldest wait. Ordered by message volume." + PeriodHelp)
            .Produces<DashboardQueuesDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/agents", Agents)
            .WithName("dashboard_agents")
            .WithSummary("The period per user (ADMIN, SUPERVISOR)")
            .WithDescription("Per user: messages sent, waits answered (median, p90, SLA breaches), conversations closed while holding them (median, p90), conversations held now, and presence time: seconds online on the desk and, of those, available (recorded every minute; the user's whole presence, whatever the queue)."
                + " Presence is shown for the users the view's queues supervise: everyone for an ADMIN's whole scope, the queues' members otherwise (null for anyone else on a row); they are listed even when they only were online." + PeriodHelp)
            .Produces<DashboardAgentsDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/campaigns", Campaigns)
            .WithName("dashboard_campaigns")
            .WithSummary("Campaign results of a period (ADMIN, SUPERVISOR)")
            .WithDescription("The campaigns that were sending during the period (started before its end, not finished before its start), the most recently started first, at most 100, with campaignCount counting them all."
                + " Per campaign, from its ledger now: recipients, skipped, pending, failed, sent (accepted by WhatsApp), delivered, read, replied, and the delivery, read and reply rates as shares of sent; totals over those listed."
                + " A campaign belongs to the queue its replies open in." + PeriodHelp)
            .Produces<DashboardCampaignsDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/drilldown", Drilldown)
            .WithName("dashboard_drilldown")
            .WithSummary("The period broken down by one level (ADMIN, SUPERVISOR)")
            .WithDescription("level: agent (messages sent per user; automatic ones apart), connection, hour (local, all 24), day (every local day), queue, status (conversations now) or message_type. Rows {key, label, value}; agent, connection, queue and message_type keep the top 20." + PeriodHelp)
            .Produces<DashboardDrilldownDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/export", Export)
            .WithName("dashboard_export")
            .WithSummary("Exports a dashboard view as CSV (ADMIN, SUPERVISOR)")
            .WithDescription("view: overview, daily, queues, agents, campaigns or drilldown (with level). The same figures as the view; cells starting with =, +, -, @, tab or CR are prefixed with a single quote. The export is audited." + PeriodHelp)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapGet("/report", Report)
            .WithName("dashboard_report")
            .WithSummary("A printable HTML report of a period (ADMIN, SUPERVISOR)")
            .WithDescription("A self-contained page rendered on the server: the overview, charts (inline SVG) of messages per day and per local hour, first responses per queue, and the queue, agent and campaign tables. No script, no style sheet, nothing loaded from elsewhere; print it from the browser." + PeriodHelp)
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesAuthProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Overview([AsParameters] DashboardParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDashboardOverviewQuery(p.From, p.To, p.Tz, p.QueueId), ct)).ToOk();

    private static async Task<IResult> Daily([AsParameters] DashboardParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDashboardDailyQuery(p.From, p.To, p.Tz, p.QueueId), ct)).ToOk();

    private static async Task<IResult> Queues([AsParameters] DashboardParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDashboardQueuesQuery(p.From, p.To, p.Tz, p.QueueId), ct)).ToOk();

    private static async Task<IResult> Agents([AsParameters] DashboardParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDashboardAgentsQuery(p.From, p.To, p.Tz, p.QueueId), ct)).ToOk();

    private static async Task<IResult> Campaigns([AsParameters] DashboardParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDashboardCampaignsQuery(p.From, p.To, p.Tz, p.QueueId), ct)).ToOk();

    private static async Task<IResult> Drilldown(string? level, [AsParameters] DashboardParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDashboardDrilldownQuery(level, p.From, p.To, p.Tz, p.QueueId), ct)).ToOk();

    private static async Task<IResult> Export(string? view, string? level, [AsParameters] DashboardParameters p, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ExportDashboardCommand(view, level, p.From, p.To, p.Tz, p.QueueId), ct)).ToCsvFile();

    private static async Task<IResult> Report([AsParameters] DashboardParameters p, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new GetDashboardReportQuery(p.From, p.To, p.Tz, p.QueueId), ct);
        return result.IsSuccess
            ? TypedResults.Content(DashboardReportHtml.Render(result.Value), "text/html; charset=utf-8")
            : result.Error.ToProblem();
    }
}

// Init-only properties rather than a positional record: the request delegate generator cannot bind a constructor
// that takes nullable reference types (ADR 0047).
/// <summary>The period and scope of every dashboard view.</summary>
internal sealed record DashboardParameters
{
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public string? Tz { get; init; }

    public Guid? QueueId { get; init; }
}
