using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.CancelCampaign;
using WhatsSuite.Application.Campaigns.CreateCampaign;
using WhatsSuite.Application.Campaigns.PauseCampaign;
using WhatsSuite.Application.Campaigns.ResumeCampaign;
using WhatsSuite.Application.Campaigns.ScheduleCampaign;
using WhatsSuite.Application.Campaigns.SetCampaignAudience;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Templates;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Campaigns;

/// <summary>Scheduling, pausing and resuming a campaign: the lifecycle's rules, the checks before a draft is scheduled, the audit.</summary>
public sealed class CampaignLifecycleTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    private async Task<(TestUser Supervisor, Guid Campaign, MessageTemplate Template)> DraftAsync(CampaignScheduleInput? schedule = null, bool audience = true)
    {
        var queue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR);
        var connection = await Seed.ConnectionAsync([queue]);
        var name = $"notice_{Guid.NewGuid():N}"[..20];
        var template = await Seed.TemplateAsync(connection, name, "es", bodyVariables: 1);
        var created = await fixture.SendAsync(supervisor.Actor, new CreateCampaignCommand(
            "Outage", [connection], new CampaignTemplateInput(name, "es", new Dictionary<string, string> { ["body.1"] = "contact.name" }), queue, schedule, null));
        Assert.True(created.IsSuccess, created.Error?.Message);
        if (audience)
        {
            var set = await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(created.Value.Id, null, [Seeder.RandomNumber(), Seeder.RandomNumber()]));
            Assert.True(set.IsSuccess, set.Error?.Message);
        }

        return (supervisor, created.Value.Id, template);
    }

    [Fact]
    public async Task Handle_ScheduleThenPauseResumeCancel_FollowsTheLifecycleAndIsAudited()
    {
        var (supervisor, campaign, _) = await DraftAsync(new CampaignScheduleInput(DateTimeOffset.UtcNow.AddHours(1), null, null, null, null));

        var scheduled = await fixture.SendAsync(supervisor.Actor, new ScheduleCampaignCommand(campaign));
        Assert.Equal(CampaignStatus.Scheduled, scheduled.Value.Status);
        Assert.Equal("campaigns.invalid_transition", (await fixture.SendAsync(supervisor.Actor, new ScheduleCampaignCommand(campaign))).Error?.Code);
        Assert.Equal("campaigns.invalid_transition", (await fixture.SendAsync(supervisor.Actor, new ResumeCampaignCommand(campaign))).Error?.Code);

        var paused = await fixture.SendAsync(supervisor.Actor, new PauseCampaignCommand(campaign, "waiting for the marketing team"));
        Assert.Equal((CampaignStatus.Paused, "waiting for the marketing team"), (paused.Value.Status, paused.Value.StatusReason));
        Assert.Equal("campaigns.invalid_transition", (await fixture.SendAsync(supervisor.Actor, new PauseCampaignCommand(campaign, null))).Error?.Code);

        // Paused before its start: resuming waits for the start again.
        var resumed = await fixture.SendAsync(supervisor.Actor, new ResumeCampaignCommand(campaign));
        Assert.Equal(CampaignStatus.Scheduled, resumed.Value.Status);

        Assert.Equal(CampaignStatus.Cancelled, (await fixture.SendAsync(supervisor.Actor, new CancelCampaignCommand(campaign, null))).Value.Status);
        Assert.Equal("campaigns.invalid_transition", (await fixture.SendAsync(supervisor.Actor, new PauseCampaignCommand(campaign, null))).Error?.Code);

        Assert.Equal([AuditOutcome.Success, AuditOutcome.Failed], (await fixture.AuditAsync("ScheduleCampaign", campaign)).Select(a => a.Outcome).ToList());
        Assert.Equal(AuditOutcome.Success, (await fixture.AuditAsync("PauseCampaign", campaign))[0].Outcome);
        Assert.Equal(AuditOutcome.Success, (await fixture.AuditAsync("ResumeCampaign", campaign)).Last().Outcome);
    }

    [Fact]
    public async Task Handle_ScheduleWithoutAudienceOrApprovalOrWithAPastStart_IsRefusedAndStaysDraft()
    {
        var (supervisor, empty, _) = await DraftAsync(audience: false);
        Assert.Equal("campaigns.audience_empty", (await fixture.SendAsync(supervisor.Actor, new ScheduleCampaignCommand(empty))).Error?.Code);

        var (_, paused, template) = await DraftAsync();
        await fixture.ChangeAsync(async db =>
        {
            var stored = await db.MessageTemplates.SingleAsync(t => t.Id == template.Id);
            stored.ApplyStatusReport(MessageTemplateStatus.Paused, "quality", DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow);
        });
        Assert.Equal("campaigns.template_unusable", (await fixture.SendAsync(supervisor.Actor, new ScheduleCampaignCommand(paused))).Error?.Code);

        var (_, past, _) = await DraftAsync();
        await fixture.ChangeAsync(async db =>
        {
            await db.Campaigns.Where(c => c.Id == past).ExecuteUpdateAsync(s => s.SetProperty(c => c.StartAt, DateTimeOffset.UtcNow.AddHours(-1)));
        });
        Assert.Equal("campaigns.schedule_past", (await fixture.SendAsync(supervisor.Actor, new ScheduleCampaignCommand(past))).Error?.Code);

        Assert.All(
            await fixture.QueryAsync(db => db.Campaigns.Where(c => c.Id == empty || c.Id == paused || c.Id == past).Select(c => c.Status).ToListAsync()),
            status => Assert.Equal(CampaignStatus.Draft, status));
        Assert.Equal("campaigns.not_found", (await fixture.SendAsync(supervisor.Actor, new ScheduleCampaignCommand(Guid.NewGuid()))).Error?.Code);
    }

    [Fact]
    public async Task Handle_AgentSchedulesOrPauses_IsForbidden()
    {
        var (_, campaign, _) = await DraftAsync();
        var agent = await Seed.UserAsync(Role.AGENTE);

        var scheduled = await fixture.SendAsync(agent.Actor, new ScheduleCampaignCommand(campaign));

        Assert.Equal("auth.forbidden", scheduled.Error?.Code);
    }
}
