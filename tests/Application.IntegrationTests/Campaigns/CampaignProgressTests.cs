using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.CreateCampaign;
using WhatsSuite.Application.Campaigns.GetCampaignProgress;
using WhatsSuite.Application.Campaigns.ListCampaignRecipients;
using WhatsSuite.Application.Campaigns.SetCampaignAudience;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Campaigns;

/// <summary>A campaign's progress (counts per state, the rate of the last minute, the ETA) and its recipient list with filters and keyset pages.</summary>
public sealed class CampaignProgressTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    /// <summary>A draft with ten numbers (and one invalid entry), whose first rows are then moved as a dispatcher would.</summary>
    private async Task<(TestUser Supervisor, Guid Campaign, List<string> Numbers)> CampaignAsync()
    {
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR);
        var connection = await Seed.ConnectionAsync();
        var name = $"promo_{Guid.NewGuid():N}"[..20];
        await Seed.TemplateAsync(connection, name, "es", bodyVariables: 1);
        var created = await fixture.SendAsync(supervisor.Actor, new CreateCampaignCommand(
            "Outage", [connection], new CampaignTemplateInput(name, "es", new Dictionary<string, string> { ["body.1"] = "contact.name" }), null, null, new CampaignPaceInput(2, null)));
        Assert.True(created.IsSuccess, created.Error?.Message);
        var numbers = Enumerable.Range(0, 10).Select(i => $"54911{Random.Shared.Next(10_000_000, 99_999_999)}{i}").ToList();
        var audience = await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(created.Value.Id, null, [.. numbers, "=1+2"]));
        Assert.True(audience.IsSuccess, audience.Error?.Message);
        return (supervisor, created.Value.Id, numbers);
    }

    private Task MoveAsync(Guid campaign, string phone, CampaignRecipientStatus status, DateTimeOffset? sentAt, string? errorCode = null, DateTimeOffset? repliedAt = null) =>
        fixture.ChangeAsync(db => db.CampaignRecipients.Where(r => r.CampaignId == campaign && r.Phone == phone).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status).SetProperty(r => r.SentAt, sentAt).SetProperty(r => r.ErrorCode, errorCode).SetProperty(r => r.RepliedAt, repliedAt)));

    [Fact]
    public async Task Handle_RunningCampaign_CountsPerStateRateOfTheLastMinuteAndEta()
    {
        var (supervisor, campaign, numbers) = await CampaignAsync();
        var now = DateTimeOffset.UtcNow;
        await MoveAsync(campaign, numbers[0], CampaignRecipientStatus.Sent, now.AddSeconds(-10));
        await MoveAsync(campaign, numbers[1], CampaignRecipientStatus.Delivered, now.AddSeconds(-20));
        await MoveAsync(campaign, numbers[2], CampaignRecipientStatus.Read, now.AddSeconds(-30), repliedAt: now.AddSeconds(-5));
        await MoveAsync(campaign, numbers[3], CampaignRecipientStatus.Delivered, now.AddMinutes(-5));
        await MoveAsync(campaign, numbers[4], CampaignRecipientStatus.Failed, null, "131026");
        await MoveAsync(campaign, numbers[5], CampaignRecipientStatus.Sending, null);

        var draft = await fixture.SendAsync(supervisor.Actor, new GetCampaignProgressQuery(campaign));

        Assert.True(draft.IsSuccess, draft.Error?.Message);
        Assert.Equal((11, 4, 1, 1, 2, 1, 1, 1), (draft.Value.Total, draft.Value.ByStatus["pending"], draft.Value.ByStatus["sending"], draft.Value.ByStatus["sent"], draft.Value.ByStatus["delivered"], draft.Value.ByStatus["read"], draft.Value.ByStatus["failed"], draft.Value.ByStatus["skipped"]));
        Assert.Equal((1, 3, 5), (draft.Value.Replied, draft.Value.SentLastMinute, draft.Value.Remaining));
        Assert.Equal(0.05, draft.Value.RatePerSecond, 6);
        Assert.Null(draft.Value.EstimatedFinishAt);

        await fixture.ChangeAsync(async db =>
        {
            var row = await db.Campaigns.SingleAsync(c => c.Id == campaign);
            Assert.True(row.MoveTo(CampaignStatus.Scheduled, null, now) && row.MoveTo(CampaignStatus.Running, null, now));
        });
        var running = await fixture.SendAsync(supervisor.Actor, new GetCampaignProgressQuery(campaign));

        // Five left at the 0.05 per second achieved: about a hundred seconds.
        var eta = Assert.NotNull(running.Value.EstimatedFinishAt) - DateTimeOffset.UtcNow;
        Assert.InRange(eta.TotalSeconds, 80, 101);
        Assert.NotNull(running.Value.StartedAt);

        await fixture.ChangeAsync(db => db.CampaignRecipients.Where(r => r.CampaignId == campaign).ExecuteUpdateAsync(s => s.SetProperty(r => r.SentAt, (DateTimeOffset?)null)));
        var paced = await fixture.SendAsync(supervisor.Actor, new GetCampaignProgressQuery(campaign));

        // Nothing sent lately: the configured pace (2 per second on the one connection) stands in.
        Assert.Equal((0, 2.0), (paced.Value.SentLastMinute, paced.Value.PacePerSecond));
        Assert.InRange((Assert.NotNull(paced.Value.EstimatedFinishAt) - DateTimeOffset.UtcNow).TotalSeconds, 1, 5);
    }

    [Fact]
    public async Task Handle_RecipientsWithFilters_PagesByCursorThroughEveryRowOnce()
    {
        var (supervisor, campaign, numbers) = await CampaignAsync();
        await MoveAsync(campaign, numbers[4], CampaignRecipientStatus.Failed, null, "131026");
        await MoveAsync(campaign, numbers[7], CampaignRecipientStatus.Failed, null, "131047");

        var pages = new List<CampaignRecipientPage>();
        string? cursor = null;
        do
        {
            var page = await fixture.SendAsync(supervisor.Actor, new ListCampaignRecipientsQuery(campaign, new CampaignRecipientFilter(null, null, null, null), cursor, 4));
            Assert.True(page.IsSuccess, page.Error?.Message);
            pages.Add(page.Value);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal([4, 4, 3], pages.Select(p => p.Items.Count).ToList());
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (int?)i).ToList(), pages.SelectMany(p => p.Items).Select(r => r.Line).Order().ToList());
        var ids = pages.SelectMany(p => p.Items).Select(r => r.Id).ToList();
        Assert.Equal(ids.Order().ToList(), ids);

        var failed = await fixture.SendAsync(supervisor.Actor, new ListCampaignRecipientsQuery(campaign, new CampaignRecipientFilter("failed", null, "131047", null), null));
        Assert.Equal(numbers[7], Assert.Single(failed.Value.Items).Phone);
        var skipped = await fixture.SendAsync(supervisor.Actor, new ListCampaignRecipientsQuery(campaign, new CampaignRecipientFilter("skipped", CampaignSkipReasons.InvalidNumber, null, null), null));
        Assert.Equal("=1+2", Assert.Single(skipped.Value.Items).Input);
        var prefixed = await fixture.SendAsync(supervisor.Actor, new ListCampaignRecipientsQuery(campaign, new CampaignRecipientFilter(null, null, null, "+" + numbers[2][..12]), null));
        Assert.Contains(prefixed.Value.Items, r => r.Phone == numbers[2]);
        Assert.All(prefixed.Value.Items, r => Assert.StartsWith(numbers[2][..12], r.Phone, StringComparison.Ordinal));

        var bad = await fixture.SendAsync(supervisor.Actor, new ListCampaignRecipientsQuery(campaign, new CampaignRecipientFilter("lost", null, null, "12ab"), "nope"));
        Assert.Equal(["cursor", "phonePrefix", "status"], bad.Error!.FieldErrors!.Keys.Order(StringComparer.Ordinal).ToList());
        var unknown = await fixture.SendAsync(supervisor.Actor, new GetCampaignProgressQuery(Guid.NewGuid()));
        Assert.Equal("campaigns.not_found", unknown.Error?.Code);
    }
}
