using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.CreateCampaign;
using WhatsSuite.Application.Campaigns.SetCampaignAudience;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Conversations.GetConversation;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;
using WhatsSuite.Domain.Webhooks;
using WhatsSuite.Infrastructure.Webhooks;

namespace WhatsSuite.Application.IntegrationTests.Campaigns;

/// <summary>
/// Replies to a broadcast: an inbound message from a number a campaign's message reached on that connection, within
/// the reply window, opens or reopens the conversation in the campaign's queue with the campaign on it, and the ledger
/// records the reply; anything else follows the connection's default routing.
/// </summary>
public sealed class CampaignReplyTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly Actor Processor = Actor.System(WebhookInboxProcessor.JobName);

    private Seeder Seed => fixture.Seed;

    /// <summary>A campaign on a connection with two queues (so the default routing picks none) whose replies go to <c>Campaign</c>.</summary>
    private async Task<(Guid Connection, string PhoneNumberId, Guid Queue, Guid Campaign, List<string> Numbers)> CampaignAsync()
    {
        var campaignQueue = await Seed.QueueAsync();
        var otherQueue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR);
        var connection = await Seed.ConnectionAsync([campaignQueue, otherQueue]);
        var name = $"promo_{Guid.NewGuid():N}"[..20];
        await Seed.TemplateAsync(connection, name, "es", bodyVariables: 1);
        var created = await fixture.SendAsync(supervisor.Actor, new CreateCampaignCommand(
            "Black Friday", [connection], new CampaignTemplateInput(name, "es", new Dictionary<string, string> { ["body.1"] = "contact.name" }), campaignQueue, null, null));
        Assert.True(created.IsSuccess, created.Error?.Message);
        var numbers = Enumerable.Range(0, 4).Select(_ => Seeder.RandomNumber()).ToList();
        Assert.True((await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(created.Value.Id, null, numbers))).IsSuccess);
        var phoneNumberId = await fixture.QueryAsync(db => db.Connections.Where(c => c.Id == connection).Select(c => c.PhoneNumberId).SingleAsync());
        return (connection, phoneNumberId, campaignQueue, created.Value.Id, numbers);
    }

    private Task SentAsync(Guid campaign, string phone, CampaignRecipientStatus status, TimeSpan ago) =>
        fixture.ChangeAsync(db => db.CampaignRecipients.Where(r => r.CampaignId == campaign && r.Phone == phone)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.SentAt, DateTimeOffset.UtcNow - ago)));

    private async Task InboundAsync(Guid connectionId, string phoneNumberId, string from)
    {
        var at = Seed.NextTime();
        var wamid = $"wamid.reply.{Guid.NewGuid():N}";
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = $$$"""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"{{{phoneNumberId}}}"},"contacts":[{"profile":{"name":"Customer"},"wa_id":"{{{from}}}"}],"messages":[{"from":"{{{from}}}","id":"{{{wamid}}}","timestamp":"{{{timestamp}}}","type":"text","text":{"body":"Quiero la oferta"}}]}}]}]}""";
        var entry = WebhookInboxEntry.Receive(connectionId, body, at);
        await fixture.ChangeAsync(db =>
        {
            db.WebhookInbox.Add(entry);
            return Task.CompletedTask;
        });
        var result = await fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand([entry.Id]));
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(1, result.Value.MessagesStored);
    }

    private Task<Conversation> ConversationOfAsync(Guid connectionId, string phone) =>
        fixture.QueryAsync(db => db.Conversations.AsNoTracking()
            .SingleAsync(c => c.ConnectionId == connectionId && db.Contacts.Any(k => k.Id == c.ContactId && k.WaId == phone)));

    private Task<CampaignRecipient> RowAsync(Guid campaign, string phone) =>
        fixture.QueryAsync(db => db.CampaignRecipients.AsNoTracking().SingleAsync(r => r.CampaignId == campaign && r.Phone == phone));

    [Fact]
    public async Task Handle_ReplyFromAReachedRecipient_OpensTheConversationInTheCampaignsQueueWithTheCampaign()
    {
        var (connection, phoneNumberId, queue, campaign, numbers) = await CampaignAsync();
        await SentAsync(campaign, numbers[0], CampaignRecipientStatus.Delivered, TimeSpan.FromHours(2));
        var stranger = Seeder.RandomNumber();

        await InboundAsync(connection, phoneNumberId, numbers[0]);
        await InboundAsync(connection, phoneNumberId, stranger);

        var replied = await ConversationOfAsync(connection, numbers[0]);
        Assert.Equal((queue, campaign, "Black Friday"), (replied.QueueId, replied.CampaignId, replied.CampaignName));
        Assert.NotNull((await RowAsync(campaign, numbers[0])).RepliedAt);
        var other = await ConversationOfAsync(connection, stranger);
        Assert.Equal((null, null), (other.QueueId, other.CampaignId));

        var admin = await Seed.UserAsync(Role.ADMIN);
        var dto = await fixture.SendAsync(admin.Actor, new GetConversationQuery(replied.Id));
        Assert.Equal(new ConversationCampaignDto(campaign, "Black Friday"), dto.Value.Campaign);
        Assert.Equal(queue, dto.Value.Queue?.Id);
    }

    [Fact]
    public async Task Handle_ReplyToAClosedConversation_ReopensItInTheCampaignsQueue()
    {
        var (connection, phoneNumberId, queue, campaign, numbers) = await CampaignAsync();
        await InboundAsync(connection, phoneNumberId, numbers[1]);
        await fixture.ChangeAsync(async db => (await db.Conversations.SingleAsync(c => c.ConnectionId == connection && c.CampaignId == null && db.Contacts.Any(k => k.Id == c.ContactId && k.WaId == numbers[1]))).Close(DateTimeOffset.UtcNow));
        await SentAsync(campaign, numbers[1], CampaignRecipientStatus.Read, TimeSpan.FromMinutes(10));

        await InboundAsync(connection, phoneNumberId, numbers[1]);

        var reopened = await ConversationOfAsync(connection, numbers[1]);
        Assert.Equal((ConversationStatus.UNASSIGNED, queue, campaign), (reopened.Status, reopened.QueueId, reopened.CampaignId));
        var firstReply = (await RowAsync(campaign, numbers[1])).RepliedAt;
        Assert.NotNull(firstReply);

        // A second message keeps the first reply's time.
        await InboundAsync(connection, phoneNumberId, numbers[1]);
        Assert.Equal(firstReply, (await RowAsync(campaign, numbers[1])).RepliedAt);
    }

    [Fact]
    public async Task Handle_NotReachedOrOutsideTheWindowOrOtherConnection_FollowsTheDefaultRouting()
    {
        var (connection, phoneNumberId, _, campaign, numbers) = await CampaignAsync();
        var window = fixture.Services.GetService(typeof(CampaignAudienceOptions)) is CampaignAudienceOptions options ? options.ReplyWindow : TimeSpan.FromHours(72);
        await SentAsync(campaign, numbers[2], CampaignRecipientStatus.Sent, window + TimeSpan.FromHours(1));
        await SentAsync(campaign, numbers[3], CampaignRecipientStatus.Failed, TimeSpan.FromMinutes(5));
        var otherConnection = await Seed.ConnectionAsync();
        var otherPhoneNumberId = await fixture.QueryAsync(db => db.Connections.Where(c => c.Id == otherConnection).Select(c => c.PhoneNumberId).SingleAsync());
        await SentAsync(campaign, numbers[0], CampaignRecipientStatus.Sent, TimeSpan.FromMinutes(5));

        await InboundAsync(connection, phoneNumberId, numbers[2]);
        await InboundAsync(connection, phoneNumberId, numbers[3]);
        await InboundAsync(otherConnection, otherPhoneNumberId, numbers[0]);

        Assert.All(
            [await ConversationOfAsync(connection, numbers[2]), await ConversationOfAsync(connection, numbers[3]), await ConversationOfAsync(otherConnection, numbers[0])],
            c => Assert.Equal((null, null), (c.QueueId, c.CampaignId)));
        Assert.All(await fixture.QueryAsync(db => db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == campaign).ToListAsync()), r => Assert.Null(r.RepliedAt));
    }
}
