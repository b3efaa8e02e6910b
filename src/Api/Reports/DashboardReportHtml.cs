using System.Globalization;
using System.Net;
using System.Text;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Application.Dashboards.GetDashboardReport;

namespace WhatsSuite.Api.Reports;

/// <summary>
/// Renders the printable report of a period: plain HTML tables and bar charts as inline SVG drawn with presentation
/// attributes only, so the page needs no script, no style sheet and nothing from elsewhere, and is shown under the
/// API's content security policy (<c>default-src 'none'</c>) unchanged. Every text from data is HTML-encoded.
/// </summary>
internal static class DashboardReportHtml
{
    private const int ChartWidth = 720;
    private const int ChartHeight = 180;

    public static string Render(DashboardReportDto report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = report.Overview;
        var html = new StringBuilder();
        var title = $"WhatsSuite report {Date(o.From)} – {Date(o.To)}" + (report.QueueName is null ? string.Empty : " – " + report.QueueName);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1>");
        html.Append("<p>Time zone ").Append(E(o.TimeZone)).Append(", ").Append(N(o.Days)).Append(" days. Generated ")
            .Append(E(report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append(".</p>");

        html.Append("<h2>Overview</h2><table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tbody>");
        Row(html, "Messages", N(o.Messages.Total));
        Row(html, "Inbound / outbound", $"{N(o.Messages.Inbound)} / {N(o.Messages.Outbound)}");
        Row(html, "Media / audio sent", $"{N(o.Messages.MediaSent)} / {N(o.Messages.AudioSent)}");
        Row(html, "Messages per day", o.MessagesPerDay.ToString("0.##", CultureInfo.InvariantCulture));
        Row(html, "Waits answered / unanswered", $"{N(o.FirstResponse.Answered)} / {N(o.FirstResponse.Unanswered)}");
        Row(html, "First response median / p90", $"{Duration(o.FirstResponse.MedianSeconds)} / {Duration(o.FirstResponse.P90Seconds)}");
        Row(html, "SLA breaches", N(o.FirstResponse.SlaBreaches));
        Row(html, "Conversations closed", N(o.Resolution.Resolved));
        Row(html, "Resolution median / p90", $"{Duration(o.Resolution.MedianSeconds)} / {Duration(o.Resolution.P90Seconds)}");
        Row(html, "Waiting now (oldest)", $"{N(o.Live.WaitingNow)} ({Duration(o.Live.OldestWaitSeconds)})");
        Row(html, "Open now", N(o.Live.OpenNow));
        html.Append("</tbody></table>");

        html.Append("<h2>Messages per day</h2>");
        Bars(html, "Messages per day", report.Daily.Days.Select(d => (d.Date.ToString("MM-dd", CultureInfo.InvariantCulture), d.Messages.Total)).ToList());
        html.Append("<h2>Messages per hour of the day</h2>");
        Bars(html, "Messages per local hour", report.Hours.Rows.Select(r => (r.Key, r.Value)).ToList());
        html.Append("<h2>First response median per queue (seconds)</h2>");
        Bars(html, "First response median per queue", report.Queues.Queues.Select(q => (q.Name, q.FirstResponse.MedianSeconds ?? 0)).ToList());

        html.Append("<h2>Queues</h2><table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><thead><tr>");
        foreach (var h in new[] { "Queue", "Target", "Messages", "Answered", "Median", "p90", "SLA breaches", "Closed", "Resolution median", "Waiting now", "Oldest wait" })
        {
            html.Append("<th>").Append(E(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var q in report.Queues.Queues)
        {
            Cells(html, q.Name, Duration(q.FirstResponseTargetSeconds), N(q.Messages.Total), N(q.FirstResponse.Answered), Duration(q.FirstResponse.MedianSeconds),
                Duration(q.FirstResponse.P90Seconds), N(q.FirstResponse.SlaBreaches), N(q.Resolution.Resolved), Duration(q.Resolution.MedianSeconds),
                N(q.Live.WaitingNow), Duration(q.Live.OldestWaitSeconds));
        }

        html.Append("</tbody></table>");

        html.Append("<h2>Agents</h2><table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><thead><tr>");
        foreach (var h in new[] { "Agent", "Messages sent", "Answered", "Median", "p90", "SLA breaches", "Closed", "Resolution median", "Open now", "Online", "Available" })
        {
            html.Append("<th>").Append(E(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var a in report.Agents.Agents)
        {
            Cells(html, a.Name, N(a.MessagesSent), N(a.Answered), Duration(a.FirstResponseMedianSeconds), Duration(a.FirstResponseP90Seconds),
                N(a.SlaBreaches), N(a.Resolution.Resolved), Duration(a.Resolution.MedianSeconds), N(a.OpenNow), Duration(a.Presence?.OnlineSeconds), Duration(a.Presence?.AvailableSeconds));
        }

        html.Append("</tbody></table>");

        var c = report.Campaigns;
        html.Append("<h2>Campaigns</h2>");
        if (c.Campaigns.Count == 0)
        {
            html.Append("<p>No campaign was sending during the period.</p></body></html>");
            return html.ToString();
        }

        if (c.CampaignCount > c.Campaigns.Count)
        {
            html.Append("<p>The ").Append(N(c.Campaigns.Count)).Append(" most recently started of ").Append(N(c.CampaignCount)).Append(" campaigns.</p>");
        }

        html.Append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><thead><tr>");
        foreach (var h in new[] { "Campaign", "Status", "Queue", "Recipients", "Sent", "Delivered", "Read", "Replied", "Failed", "Skipped", "Pending" })
        {
            html.Append("<th>").Append(E(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in c.Campaigns)
        {
            var r = row.Results;
            Cells(html, row.Name, row.Status.ToString(), row.Queue, N(r.Recipients), N(r.Sent), Share(r.Delivered, r.DeliveryRate), Share(r.Read, r.ReadRate),
                Share(r.Replied, r.ReplyRate), N(r.Failed), N(r.Skipped), N(r.Pending));
        }

        var t = c.Totals;
        Cells(html, "Total", string.Empty, string.Empty, N(t.Recipients), N(t.Sent), Share(t.Delivered, t.DeliveryRate), Share(t.Read, t.ReadRate),
            Share(t.Replied, t.ReplyRate), N(t.Failed), N(t.Skipped), N(t.Pending));
        html.Append("</tbody></table></body></html>");
        return html.ToString();
    }

    /// <summary>A bar chart: one bar per item, its value above it and its label below.</summary>
    private static void Bars(StringBuilder html, string label, IReadOnlyList<(string Label, int Value)> items)
    {
        var max = Math.Max(1, items.Count == 0 ? 1 : items.Max(i => i.Value));
        var slot = items.Count == 0 ? ChartWidth : (double)ChartWidth / items.Count;
        var bar = Math.Max(1, slot * 0.7);
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{E(label)}\" width=\"{ChartWidth}\" height=\"{ChartHeight + 40}\" viewBox=\"0 0 {ChartWidth} {ChartHeight + 40}\">");
        html.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{ChartHeight + 15}\" x2=\"{ChartWidth}\" y2=\"{ChartHeight + 15}\" stroke=\"#888\" stroke-width=\"1\"/>");
        for (var i = 0; i < items.Count; i++)
        {
            var (name, value) = items[i];
            var height = ChartHeight * value / (double)max;
            var x = (i * slot) + ((slot - bar) / 2);
            var y = ChartHeight + 15 - height;
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{bar:0.#}\" height=\"{height:0.#}\" fill=\"#2e7d32\"><title>{E(name)}: {value}</title></rect>");
            if (items.Count <= 40)
            {
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (bar / 2):0.#}\" y=\"{y - 2:0.#}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#000\">{value}</text>");
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (bar / 2):0.#}\" y=\"{ChartHeight + 30}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#000\">{E(Short(name))}</text>");
            }
        }

        html.Append("</svg>");
    }

    private static string Short(string text) => text.Length <= 12 ? text : text[..11] + "…";

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><th align=\"left\">").Append(E(name)).Append("</th><td align=\"right\">").Append(E(value)).Append("</td></tr>");

    private static void Cells(StringBuilder html, params string[] cells)
    {
        html.Append("<tr>");
        foreach (var cell in cells)
        {
            html.Append("<td>").Append(E(cell)).Append("</td>");
        }

        html.Append("</tr>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count with its share of the messages sent: "1,234 (56.7 %)".</summary>
    private static string Share(int value, double? rate) =>
        rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"{N(value)} ({r * 100:0.#} %)") : N(value);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Seconds as "1h 02m", "3m 05s" or "42s"; "–" when there is no value.</summary>
    private static string Duration(int? seconds)
    {
        if (seconds is not { } s)
        {
            return "–";
        }

        var t = TimeSpan.FromSeconds(s);
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h {t.Minutes:00}m")
            : t.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m {t.Seconds:00}s") : string.Create(CultureInfo.InvariantCulture, $"{t.Seconds}s");
    }
}
