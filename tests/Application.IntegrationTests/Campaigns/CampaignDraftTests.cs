using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.CancelCampaign;
using WhatsSuite.Application.Campaigns.CreateCampaign;
using WhatsSuite.Application.Campaigns.UpdateCampaign;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Templates;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Campaigns;

/// <summary>
/// Campaign drafts: created and edited by ADMINs and SUPERVISORs only while draft, with the template APPROVED on
/// every connection and each variable mapped, the reply queue linked, the pace within the connections' rates; every
/// change audited; cancelling follows the lifecycle.
/// </summary>
public sealed class CampaignDraftTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    private static CreateCampaignCommand Create(IReadOnlyList<Guid> connections, Guid? queue, IReadOnlyDictionary<string, string>? variables = null, int? rate = null, string template = "pedido") =>
        new("Black Friday", connections, new CampaignTemplateInput(template, "es", variables ?? new Dictionary<string, string> { ["body.1"] = "contact.name" }), queue,
            new CampaignScheduleInput(DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2), "America/Argentina/Buenos_Aires", "09:00", "21:00"),
            new CampaignPaceInput(rate, 5_000));

    private async Task<(TestUser Supervisor, Guid Queue, Guid First, Guid Second)> TwoConnectionsAsync()
    {
        var queue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR);
        var first = await Seed.ConnectionAsync([queue]);
        var second = await Seed.ConnectionAsync([queue], (c, now) => c.Update(c.Name, c.PhoneNumberId, c.WabaId, c.DisplayNumber, 20, now));
        await Seed.TemplateAsync(first, "pedido", "es", bodyVariables: 1);
        await Seed.TemplateAsync(second, "pedido", "es", bodyVariables: 1);
        return (supervisor, queue, first, second);
    }

    [Fact]
    public async Task Create_ValidSettings_StoresAnAuditedDraft()
    {
        var (supervisor, queue, first, second) = await TwoConnectionsAsync();

        var result = await fixture.SendAsync(supervisor.Actor, Create([first, second], queue, rate: 20));

        Assert.True(result.IsSuccess, result.Error?.Message);
        var campaign = result.Value;
        Assert.Equal((CampaignStatus.Draft, "Black Friday", queue), (campaign.Status, campaign.Name, campaign.QueueId));
        Assert.Equal(new[] { first, second }.Order().ToList(), campaign.ConnectionIds);
        Assert.Equal("contact.name", campaign.Template.Variables["body.1"]);
        Assert.Equal(("America/Argentina/Buenos_Aires", "09:00", "21:00"), (campaign.Schedule.TimeZone, campaign.Schedule.AllowedFrom, campaign.Schedule.AllowedUntil));
        Assert.Equal((20, 5_000), (campaign.Pace.MessagesPerSecond!.Value, campaign.Pace.DailyCap!.Value));
        Assert.Equal(supervisor.Id, campaign.CreatedByUserId);
        Assert.Equal(AuditOutcome.Success, Assert.Single(await fixture.AuditAsync("CreateCampaign", campaign.Id)).Outcome);
    }

    [Fact]
    public async Task Create_SettingsTheConnectionsCannotHonour_Are422AndStoreNothing()
    {
        var (supervisor, queue, first, second) = await TwoConnectionsAsync();
        var third = await Seed.ConnectionAsync([queue]);
        await Seed.TemplateAsync(third, "pedido", "es", bodyVariables: 1, status: MessageTemplateStatus.Paused);
        var unlinked = await Seed.QueueAsync();
        var disabled = await Seed.ConnectionAsync([queue], (c, now) => c.Disable(now));
        var before = await fixture.QueryAsync(db => db.Campaigns.CountAsync());

        async Task<string?> CodeAsync(CreateCampaignCommand command) => (await fixture.SendAsync(supervisor.Actor, command)).Error?.Code;

        Assert.Equal("campaigns.template_unusable", await CodeAsync(Create([first, third], queue)));
        Assert.Equal("campaigns.template_unusable", await CodeAsync(Create([first], queue, variables: new Dictionary<string, string>())));
        Assert.Equal("campaigns.template_unusable", await CodeAsync(Create([first], queue, variables: new Dictionary<string, string> { ["body.1"] = "contact.name", ["body.2"] = "text:x" })));
        Assert.Equal("campaigns.template_unusable", await CodeAsync(Create([first], queue, template: "otra")));
        Assert.Equal("campaigns.pace_too_high", await CodeAsync(Create([first, second], queue, rate: 21)));
        Assert.Equal("campaigns.queue_not_linked", await CodeAsync(Create([first], unlinked)));
        Assert.Equal("campaigns.connection_unavailable", await CodeAsync(Create([first, disabled], queue)));
        Assert.Equal("campaigns.connection_unavailable", await CodeAsync(Create([Guid.NewGuid()], queue)));
        Assert.Equal("validation_failed", await CodeAsync(Create([first], queue, variables: new Dictionary<string, string> { ["body.1"] = "contact.email" })));
        Assert.Equal("validation_failed", await CodeAsync(Create([first, first], queue)));
        Assert.Equal("validation_failed", await CodeAsync(Create([first], queue) with { Schedule = new CampaignScheduleInput(null, null, "Mars/Olympus", null, null) }));
        Assert.Equal("validation_failed", await CodeAsync(Create([first], queue) with { Schedule = new CampaignScheduleInput(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(-1), null, null, null) }));
        Assert.Equal("validation_failed", await CodeAsync(Create([first], queue) with { Schedule = new CampaignScheduleInput(null, null, null, "9am", "21:00") }));
        Assert.Equal("validation_failed", await CodeAsync(Create([first], queue) with { Pace = new CampaignPaceInput(0, null) }));

        Assert.Equal(before, await fixture.QueryAsync(db => db.Campaigns.CountAsync()));
    }

    [Fact]
    public async Task Update_WhileDraft_ReplacesTheSettings_AndOnceCancelledIs409()
    {
        var (supervisor, queue, first, second) = await TwoConnectionsAsync();
        var created = (await fixture.SendAsync(supervisor.Actor, Create([first, second], queue))).Value;
        var edit = new UpdateCampaignCommand(created.Id, "Cyber Monday", [second], new CampaignTemplateInput("pedido", "es", new Dictionary<string, string> { ["body.1"] = "column:nombre" }), null, null, null);

        var updated = await fixture.SendAsync(supervisor.Actor, edit);

        Assert.True(updated.IsSuccess, updated.Error?.Message);
        Assert.Equal(("Cyber Monday", (Guid?)null, "UTC"), (updated.Value.Name, updated.Value.QueueId, updated.Value.Schedule.TimeZone));
        Assert.Equal([second], updated.Value.ConnectionIds);
        Assert.Equal(1, await fixture.QueryAsync(db => db.Set<CampaignConnection>().CountAsync(c => c.CampaignId == created.Id)));

        var cancelled = await fixture.SendAsync(supervisor.Actor, new CancelCampaignCommand(created.Id, "Budget moved"));
        Assert.Equal((CampaignStatus.Cancelled, "Budget moved"), (cancelled.Value.Status, cancelled.Value.StatusReason));
        Assert.NotNull(cancelled.Value.FinishedAt);
        Assert.Equal(CampaignErrors.NotDraft.Code, (await fixture.SendAsync(supervisor.Actor, edit)).Error?.Code);
        Assert.Equal("campaigns.invalid_transition", (await fixture.SendAsync(supervisor.Actor, new CancelCampaignCommand(created.Id, null))).Error?.Code);
        Assert.Single(await fixture.AuditAsync("CancelCampaign", created.Id), a => a.Outcome == AuditOutcome.Success);
    }

    [Fact]
    public async Task Create_ByAnAgent_IsForbidden()
    {
        var (_, queue, first, _) = await TwoConnectionsAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);

        var result = await fixture.SendAsync(agent.Actor, Create([first], queue));

        Assert.Equal("auth.forbidden", result.Error?.Code);
    }

    [Fact]
    public async Task Create_MediaHeaderAndCouponConstants_AreCheckedForTheirSlotWhenTheDraftIsSaved()
    {
        var queue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR);
        var connection = await Seed.ConnectionAsync([queue]);
        await Seed.TemplateAsync(connection, "oferta", "es", components: """
            [{"type":"HEADER","format":"IMAGE","example":{"header_handle":["h"]}},{"type":"BODY","text":"Hola {{1}}","example":{"body_text":[["Ana"]]}},
             {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Baja"},{"type":"COPY_CODE","example":"SAVE10"}]}]
            """);
        Dictionary<string, string> Variables(string header, string coupon) => new() { ["header.1"] = header, ["body.1"] = "contact.name", ["button.1"] = coupon };

        async Task<(bool IsSuccess, string? Code, string? Message)> CreateAsync(Dictionary<string, string> variables)
        {
            var result = await fixture.SendAsync(supervisor.Actor, Create([connection], queue, variables, template: "oferta"));
            return (result.IsSuccess, result.Error?.Code, result.Error?.Message);
        }

        var http = await CreateAsync(Variables("text:http://cdn.example/oferta.jpg", "text:HOT25"));
        Assert.Equal("campaigns.template_unusable", http.Code);
        Assert.Contains("header.1", http.Message, StringComparison.Ordinal);
        Assert.Equal("campaigns.template_unusable", (await CreateAsync(Variables("text:https://cdn.example/oferta.jpg", "text:THIS-CODE-IS-TOO-LONG"))).Code);
        Assert.Equal("campaigns.template_unusable", (await CreateAsync(Variables("contact.name", "text:HOT25"))).Code);

        var withPayload = Variables("column:foto", "text:HOT25");
        withPayload["button.0"] = "text:baja";
        var created = await CreateAsync(withPayload);
        Assert.True(created.IsSuccess, created.Message);
        Assert.True((await CreateAsync(Variables("text:https://cdn.example/oferta.jpg", "text:HOT25"))).IsSuccess);
    }
}
