using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.CreateCampaign;
using WhatsSuite.Application.Campaigns.SetCampaignAudience;
using WhatsSuite.Application.Campaigns.UpdateCampaign;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Templates;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Campaigns;

/// <summary>
/// A draft's audience resolved into its recipient ledger: one row per number, opted-out contacts, invalid entries and
/// repeated numbers kept as skipped with their reason and line, each recipient's variables from its contact.
/// </summary>
public sealed class CampaignAudienceTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    private async Task<(TestUser Supervisor, Guid Campaign)> DraftAsync(string category = MessageTemplateCategory.Utility, string source = "contact.name")
    {
        var queue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR);
        var connection = await Seed.ConnectionAsync([queue]);
        var name = $"promo_{Guid.NewGuid():N}"[..20];
        await Seed.TemplateAsync(connection, name, "es", bodyVariables: 2, category: category);
        var created = await fixture.SendAsync(supervisor.Actor, new CreateCampaignCommand(
            "Hot Sale", [connection], new CampaignTemplateInput(name, "es", new Dictionary<string, string> { ["body.1"] = source, ["body.2"] = "text:HOT25" }), queue, null, null));
        Assert.True(created.IsSuccess, created.Error?.Message);
        return (supervisor, created.Value.Id);
    }

    private async Task<Contact> ContactAsync(string name, string? tag, bool optedOut = false, bool marketingOptedOut = false, TimeSpan? lastSeenAgo = null)
    {
        var now = Seed.NextTime();
        var contact = Contact.Create(Seeder.RandomNumber(), name, now);
        if (tag is not null)
        {
            contact.ReplaceTags([tag], now);
        }

        contact.SetOptOut(optedOut, now);
        contact.SetMarketingOptOut(marketingOptedOut, now, now);
        await fixture.ChangeAsync(db =>
        {
            db.Contacts.Add(contact);
            return Task.CompletedTask;
        });
        if (lastSeenAgo is { } ago)
        {
            var connection = await Seed.ConnectionAsync();
            await fixture.ChangeAsync(db =>
            {
                var conversation = Conversation.StartInbound(connection, contact.Id, null, now);
                conversation.RecordInbound(DateTimeOffset.UtcNow - ago, "Hola", now);
                db.Conversations.Add(conversation);
                return Task.CompletedTask;
            });
        }

        return contact;
    }

    private Task<List<CampaignRecipient>> LedgerAsync(Guid campaign) =>
        fixture.QueryAsync(db => db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == campaign).ToListAsync());

    [Fact]
    public async Task Handle_NumbersAndTaggedContacts_OneRowPerNumberWithSkipReasonsAndRenderedVariables()
    {
        var (supervisor, campaign) = await DraftAsync();
        var tag = $"vip-{Guid.NewGuid():N}"[..20];
        var ana = await ContactAsync("Ana", tag);
        var bob = await ContactAsync("Bob", tag, optedOut: true);
        var carla = await ContactAsync("Carla", tag, marketingOptedOut: true);
        await ContactAsync("Dan", null);
        var stranger = Seeder.RandomNumber();

        var result = await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(
            campaign, new CampaignContactFilterInput([tag.ToUpperInvariant()], null, null, null), [$"+{ana.WaId}", "12", $"+{stranger[..3]} {stranger[3..]}", stranger]));

        Assert.True(result.IsSuccess, result.Error?.Message);
        var audience = result.Value;
        Assert.Equal((3, 3), (audience.Recipients, audience.Skipped));
        Assert.Equal((1, 1, 1, 0), (audience.SkippedByReason[CampaignSkipReasons.InvalidNumber], audience.SkippedByReason[CampaignSkipReasons.Duplicate], audience.SkippedByReason[CampaignSkipReasons.OptedOut], audience.SkippedByReason[CampaignSkipReasons.MarketingOptedOut]));
        Assert.Equal([(2, "12", CampaignSkipReasons.InvalidNumber), (4, stranger, CampaignSkipReasons.Duplicate), (null, bob.WaId!, CampaignSkipReasons.OptedOut)], audience.Issues.Select(i => (i.Line, i.Input, i.Reason)).ToList());
        var preview = audience.Preview.ToDictionary(p => p.Phone);
        Assert.Equal(("Ana", "HOT25", ana.Id), (preview[ana.WaId!].Variables["body.1"], preview[ana.WaId!].Variables["body.2"], preview[ana.WaId!].ContactId));
        Assert.Equal(($"+{stranger}", (Guid?)null), (preview[stranger].Variables["body.1"], preview[stranger].ContactId));
        Assert.Equal("Carla", preview[carla.WaId!].Variables["body.1"]);

        var ledger = await LedgerAsync(campaign);
        Assert.Equal(6, ledger.Count);
        Assert.Equal(
            new[] { ana.WaId!, stranger, carla.WaId! }.Order().ToList(),
            ledger.Where(r => r.Status == CampaignRecipientStatus.Pending).Select(r => r.Phone!).Order().ToList());
        Assert.Equal(bob.WaId, Assert.Single(ledger, r => r.SkipReason == CampaignSkipReasons.OptedOut).Phone);
        Assert.All(ledger.Where(r => r.SkipReason is CampaignSkipReasons.InvalidNumber or CampaignSkipReasons.Duplicate), r => Assert.Null(r.Phone));
        Assert.Equal(AuditOutcome.Success, Assert.Single(await fixture.AuditAsync("SetCampaignAudience", campaign)).Outcome);
    }

    [Fact]
    public async Task Handle_MarketingTemplateAndFilters_SkipsMarketingOptOutsAndSelectsByLastSeen()
    {
        var (supervisor, campaign) = await DraftAsync(MessageTemplateCategory.Marketing);
        var tag = $"news-{Guid.NewGuid():N}"[..20];
        var recent = await ContactAsync("Recent", tag, lastSeenAgo: TimeSpan.FromDays(1));
        var old = await ContactAsync("Old", tag, lastSeenAgo: TimeSpan.FromDays(60));
        var never = await ContactAsync("Never", tag);
        var stopped = await ContactAsync("Stopped", tag, marketingOptedOut: true, lastSeenAgo: TimeSpan.FromDays(2));
        var optedOut = await ContactAsync("Out", tag, optedOut: true, lastSeenAgo: TimeSpan.FromDays(3));

        async Task<List<string>> PhonesAsync(CampaignContactFilterInput filter, CampaignRecipientStatus status)
        {
            var result = await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(campaign, filter, null));
            Assert.True(result.IsSuccess, result.Error?.Message);
            return (await LedgerAsync(campaign)).Where(r => r.Status == status).Select(r => r.Phone!).Order().ToList();
        }

        var since = DateTimeOffset.UtcNow.AddDays(-30);
        Assert.Equal([recent.WaId!], await PhonesAsync(new CampaignContactFilterInput([tag], null, since, null), CampaignRecipientStatus.Pending));
        Assert.Equal(new[] { stopped.WaId!, optedOut.WaId! }.Order().ToList(), await PhonesAsync(new CampaignContactFilterInput([tag], null, since, null), CampaignRecipientStatus.Skipped));
        Assert.Empty(await PhonesAsync(new CampaignContactFilterInput([tag], true, since, null), CampaignRecipientStatus.Skipped));
        Assert.Equal([old.WaId!], await PhonesAsync(new CampaignContactFilterInput([tag], true, null, since), CampaignRecipientStatus.Pending));
        Assert.Equal(new[] { recent.WaId!, old.WaId!, never.WaId! }.Order().ToList(), await PhonesAsync(new CampaignContactFilterInput([tag], true, null, null), CampaignRecipientStatus.Pending));
        Assert.Equal(3, (await LedgerAsync(campaign)).Count);
    }

    [Fact]
    public async Task Handle_ColumnsOrNoLongerDraft_IsRefusedAndKeepsTheLedger()
    {
        var (supervisor, campaign) = await DraftAsync(source: "column:nombre");
        var number = Seeder.RandomNumber();

        var columns = await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(campaign, null, [number]));
        Assert.Equal("campaigns.audience_needs_columns", columns.Error?.Code);
        Assert.Empty(await LedgerAsync(campaign));

        var draft = await fixture.QueryAsync(db => db.Campaigns.Include(c => c.Connections).SingleAsync(c => c.Id == campaign));
        var template = JsonSerializer.Deserialize<Dictionary<string, string>>(draft.Variables)!;
        template["body.1"] = "contact.phone";
        var edited = await fixture.SendAsync(supervisor.Actor, new UpdateCampaignCommand(
            campaign, draft.Name, draft.Connections.Select(c => c.ConnectionId).ToList(), new CampaignTemplateInput(draft.TemplateName, draft.TemplateLanguage, template), draft.QueueId, null, null));
        Assert.True(edited.IsSuccess, edited.Error?.Message);
        var set = await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(campaign, null, [number]));
        Assert.Equal($"+{number}", Assert.Single(set.Value.Preview).Variables["body.1"]);

        var emptied = await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(campaign, null, null));
        Assert.Equal((0, 0), (emptied.Value.Recipients, emptied.Value.Skipped));
        Assert.Empty(await LedgerAsync(campaign));
        await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(campaign, null, [number]));

        await fixture.SendAsync(supervisor.Actor, new Application.Campaigns.CancelCampaign.CancelCampaignCommand(campaign, null));
        var late = await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(campaign, null, [Seeder.RandomNumber()]));
        Assert.Equal(CampaignErrors.NotDraft.Code, late.Error?.Code);
        Assert.Equal(number, Assert.Single(await LedgerAsync(campaign)).Phone);
        Assert.Equal("validation_failed", (await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(campaign, null, Enumerable.Repeat(number, SetCampaignAudienceCommand.MaxNumbers + 1).ToList()))).Error?.Code);
    }

    [Fact]
    public async Task Ledger_SameNumberTwiceInOneCampaign_IsRefusedByTheDatabase()
    {
        var (_, campaign) = await DraftAsync();
        var number = Seeder.RandomNumber();
        var now = DateTimeOffset.UtcNow;

        await Assert.ThrowsAsync<UniqueConstraintViolationException>(() => fixture.ChangeAsync(db =>
        {
            db.CampaignRecipients.Add(CampaignRecipient.Pending(campaign, number, number, 1, null, "{}", now));
            db.CampaignRecipients.Add(CampaignRecipient.Pending(campaign, number, number, 2, null, "{}", now));
            return Task.CompletedTask;
        }));
    }
}
