using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Application.Dashboards.ExportDashboard;
using WhatsSuite.Application.Dashboards.GetDashboardCampaigns;
using WhatsSuite.Application.Dashboards.GetDashboardReport;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Dashboards;

/// <summary>
/// Campaign results on the dashboards: the campaigns that were sending during the period, each with its ledger counted
/// as a direct SQL count over the ledger gives it, in the caller's scope (a campaign belongs to the queue its replies
/// open in), in the view, its CSV export and the printed report's figures.
/// </summary>
public sealed class DashboardCampaignsTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly DateOnly From = new(2025, 7, 1);
    private static readonly DateOnly To = new(2025, 7, 5);

    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task Campaigns_SendingDuringThePeriod_ResultsEqualTheLedgerInTheCallersScope()
    {
        var queue = await Seed.QueueAsync();
        var other = await Seed.QueueAsync();
        var connection = await Seed.ConnectionAsync([queue, other]);
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);
        var admin = await Seed.UserAsync(Role.ADMIN);
        static DateTimeOffset Utc(int month, int day, int hour = 10) => new(2025, month, day, hour, 0, 0, TimeSpan.Zero);

        var finished = await CampaignAsync("Ofertas julio", connection, queue, admin.Id, Utc(7, 1), Utc(7, 2),
            [CampaignRecipientStatus.Pending, CampaignRecipientStatus.Pending, CampaignRecipientStatus.Sending, CampaignRecipientStatus.Sent, CampaignRecipientStatus.Sent,
             CampaignRecipientStatus.Delivered, CampaignRecipientStatus.Delivered, CampaignRecipientStatus.Read, CampaignRecipientStatus.Failed, CampaignRecipientStatus.Skipped],
            replied: [CampaignRecipientStatus.Delivered, CampaignRecipientStatus.Read]);
        var running = await CampaignAsync("Otra cola", connection, other, admin.Id, Utc(6, 30), null, [CampaignRecipientStatus.Sent], replied: []);
        var before = await CampaignAsync("Junio", connection, null, admin.Id, Utc(6, 1), Utc(6, 15), [CampaignRecipientStatus.Read], replied: []);
        var afterwards = await CampaignAsync("Agosto", connection, queue, admin.Id, Utc(8, 1), null, [CampaignRecipientStatus.Sent], replied: []);

        var all = (await fixture.SendAsync(admin.Actor, new GetDashboardCampaignsQuery(From, To, "UTC", null))).Value;
        var mine = (await fixture.SendAsync(supervisor.Actor, new GetDashboardCampaignsQuery(From, To, "UTC", null))).Value;
        var notMine = await fixture.SendAsync(supervisor.Actor, new GetDashboardCampaignsQuery(From, To, "UTC", other));
        var june = (await fixture.SendAsync(supervisor.Actor, new GetDashboardCampaignsQuery(new DateOnly(2025, 6, 10), new DateOnly(2025, 6, 10), "UTC", null))).Value;

        var ofAll = all.Campaigns.Where(c => c.CampaignId == finished || c.CampaignId == running || c.CampaignId == before || c.CampaignId == afterwards).Select(c => c.CampaignId).ToList();
        Assert.Equal([finished, running], ofAll); // the most recently started first
        var row = Assert.Single(mine.Campaigns);
        Assert.Equal((finished, CampaignStatus.Completed, (Guid?)queue), (row.CampaignId, row.Status, row.QueueId));
        Assert.Equal(new CampaignFigures(10, 1, 3, 1, 5, 3, 1, 2, 0.6, 0.2, 0.4), row.Results);
        Assert.Equal(await LedgerAsync(finished), row.Results);
        Assert.Equal(row.Results, mine.Totals);
        Assert.Equal(1, mine.CampaignCount);
        Assert.Equal("dashboards.queue_not_found", notMine.Error!.Code);
        Assert.Equal([before], june.Campaigns.Select(c => c.CampaignId)); // without a queue: with the conversations without one
        Assert.Equal(DashboardViews.NoQueueLabel, june.Campaigns[0].Queue);

        var csv = await fixture.SendAsync(supervisor.Actor, new ExportDashboardCommand("campaigns", null, From, To, "UTC", null));
        var lines = System.Text.Encoding.UTF8.GetString(csv.Value.Content).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("campaignId,campaign,status,queueId,queue,startedAt,finishedAt,recipients,skipped,pending,failed,sent,delivered,read,replied,deliveryRate,readRate,replyRate", lines[0]);
        Assert.StartsWith($"{finished},Ofertas julio,completed,{queue},", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",2025-07-01T10:00:00.0000000Z,2025-07-02T10:00:00.0000000Z,10,1,3,1,5,3,1,2,0.6,0.2,0.4", lines[1], StringComparison.Ordinal);

        var report = await fixture.SendAsync(supervisor.Actor, new GetDashboardReportQuery(From, To, "UTC", null));
        Assert.Equal(row, Assert.Single(report.Value.Campaigns.Campaigns));
    }

    /// <summary>The figures of a campaign counted directly over its ledger, each state by its own SQL count.</summary>
    private Task<CampaignFigures> LedgerAsync(Guid campaignId) => fixture.QueryAsync(async db =>
    {
        var ledger = db.CampaignRecipients.Where(r => r.CampaignId == campaignId);
        var sent = await ledger.CountAsync(r => r.Status == CampaignRecipientStatus.Sent || r.Status == CampaignRecipientStatus.Delivered || r.Status == CampaignRecipientStatus.Read);
        var delivered = await ledger.CountAsync(r => r.Status == CampaignRecipientStatus.Delivered || r.Status == CampaignRecipientStatus.Read);
        var read = await ledger.CountAsync(r => r.Status == CampaignRecipientStatus.Read);
        var replied = await ledger.CountAsync(r => r.RepliedAt != null);
        return new CampaignFigures(
            await ledger.CountAsync(),
            await ledger.CountAsync(r => r.Status == CampaignRecipientStatus.Skipped),
            await ledger.CountAsync(r => r.Status == CampaignRecipientStatus.Pending || r.Status == CampaignRecipientStatus.Sending),
            await ledger.CountAsync(r => r.Status == CampaignRecipientStatus.Failed),
            sent,
            delivered,
            read,
            replied,
            sent == 0 ? null : Math.Round((double)delivered / sent, 4),
            sent == 0 ? null : Math.Round((double)read / sent, 4),
            sent == 0 ? null : Math.Round((double)replied / sent, 4));
    });

    /// <summary>
    /// A campaign started at <paramref name="startedAt"/> (and finished at <paramref name="finishedAt"/>) whose ledger
    /// holds one recipient per state given, the first of each state in <paramref name="replied"/> having replied.
    /// </summary>
    private async Task<Guid> CampaignAsync(
        string name, Guid connection, Guid? queue, Guid createdBy, DateTimeOffset startedAt, DateTimeOffset? finishedAt,
        CampaignRecipientStatus[] states, CampaignRecipientStatus[] replied)
    {
        var campaign = Campaign.CreateDraft(name, new CampaignSettings("promo", "es", "{}", [connection], queue, null, null, "UTC", null, null, null, null), createdBy, startedAt.AddDays(-1));
        campaign.MoveTo(CampaignStatus.Scheduled, null, startedAt.AddDays(-1));
        campaign.MoveTo(CampaignStatus.Running, null, startedAt);
        if (finishedAt is { } end)
        {
            campaign.MoveTo(CampaignStatus.Completed, null, end);
        }

        var recipients = states.Select((_, i) => CampaignRecipient.Pending(campaign.Id, $"5215500{i:000000}", $"5215500{i:000000}", i + 1, null, "{}", startedAt)).ToList();
        await fixture.ChangeAsync(db =>
        {
            db.Campaigns.Add(campaign);
            db.CampaignRecipients.AddRange(recipients);
            return Task.CompletedTask;
        });
        await fixture.ChangeAsync(async db =>
        {
            var repliers = new HashSet<CampaignRecipientStatus>(replied);
            for (var i = 0; i < states.Length; i++)
            {
                var (id, state) = (recipients[i].Id, states[i]);
                var replies = repliers.Remove(state);
                await db.CampaignRecipients.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, state)
                    .SetProperty(r => r.RepliedAt, replies ? startedAt.AddHours(1) : null));
            }
        });
        return campaign.Id;
    }
}
