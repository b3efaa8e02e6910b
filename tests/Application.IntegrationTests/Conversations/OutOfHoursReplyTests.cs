using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.SendOutOfHoursReply;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Queues.SetQueueBusinessHours;
using WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;
using WhatsSuite.Domain.Webhooks;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Webhooks;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>
/// The out-of-hours reply: queued by inbound processing when a customer writes to a closed queue, sent by
/// <c>job:business-hours</c> through the outbox, at most once per closed period, even when two runs race.
/// </summary>
public sealed class OutOfHoursReplyTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private const string Reply = "Gracias por escribirnos 🌙 Abrimos mañana a las 9:00.";

    private static readonly Actor Job = Actor.System(OutOfHoursReplyJob.Name);

    [Fact]
    public async Task Send_CustomerWroteWhileClosed_QueuesTheTextOnceAsTheSystemAndAuditsEachRun()
    {
        var (queue, connection) = await ClosedQueueAsync(Reply);
        var conversation = await fixture.Seed.ConversationAsync(connection, queue);

        var first = await fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(conversation.Id));
        var second = await fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(conversation.Id));

        Assert.Equal(("sent", "already_sent"), (first.Value.Outcome, second.Value.Outcome));
        var message = Assert.Single(await OutboundAsync(conversation.Id));
        Assert.Equal((first.Value.MessageId, Reply, (Guid?)null, MessageStatus.Queued), ((Guid?)message.Id, message.Text, message.SenderUserId, message.Status));
        Assert.NotNull((await fixture.ConversationAsync(conversation.Id)).OutOfHoursRepliedAt);
        var audit = await fixture.AuditAsync("SendOutOfHoursReply", conversation.Id);
        Assert.Equal(["sent", "already_sent"], audit.Select(a => a.Reason));
        Assert.All(audit, a => Assert.Equal("job:business-hours", a.ActorId));
    }

    [Fact]
    public async Task Send_TwoRunsAtOnce_SendOneReply()
    {
        var (queue, connection) = await ClosedQueueAsync(Reply);
        var conversations = new List<SeededConversation>();
        for (var i = 0; i < 5; i++)
        {
            conversations.Add(await fixture.Seed.ConversationAsync(connection, queue));
        }

        foreach (var conversation in conversations)
        {
            var results = await Task.WhenAll(
                fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(conversation.Id)),
                fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(conversation.Id)));

            Assert.Equal(["already_sent", "sent"], results.Select(r => r.Value.Outcome).Order(StringComparer.Ordinal));
            Assert.Single(await OutboundAsync(conversation.Id));
        }
    }

    [Fact]
    public async Task Send_OpenQueueNoReplyOutsideTheWindowOrClosedConversation_SendsNothing()
    {
        var admin = await fixture.Seed.UserAsync(Role.ADMIN);
        var (open, openConnection) = await ClosedQueueAsync(Reply);
        Assert.True((await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(
            open, "UTC", [.. Enum.GetValues<Weekday>().Select(d => new WeeklyRangeInput(d, "00:00", "24:00"))], [], Reply))).IsSuccess);
        var (silent, silentConnection) = await ClosedQueueAsync(null);
        var (closed, closedConnection) = await ClosedQueueAsync(Reply);
        var inOpen = await fixture.Seed.ConversationAsync(openConnection, open);
        var inSilent = await fixture.Seed.ConversationAsync(silentConnection, silent);
        var late = await fixture.Seed.ConversationAsync(closedConnection, closed, lastInboundAgo: TimeSpan.FromHours(25));
        var ended = await fixture.Seed.ConversationAsync(closedConnection, closed, ConversationStatus.CLOSED);

        var outcomes = new List<string>();
        foreach (var id in new[] { inOpen.Id, inSilent.Id, late.Id, ended.Id })
        {
            outcomes.Add((await fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(id))).Value.Outcome);
            Assert.Empty(await OutboundAsync(id));
        }

        Assert.Equal(["open", "open", "outside_window", "closed_conversation"], outcomes);
    }

    [Fact]
    public async Task Send_ReplySentInAnEarlierClosedPeriod_IsSentAgain()
    {
        // Open only on a holiday three days ago: the current closed period began when that holiday's hours ended.
        var admin = await fixture.Seed.UserAsync(Role.ADMIN);
        var (queue, connection) = await ClosedQueueAsync(Reply);
        var holiday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
        Assert.True((await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(
            queue, "UTC", [], [new HolidayInput(holiday, null, [new TimeRangeInput("10:00", "11:00")])], Reply))).IsSuccess);
        var before = await fixture.Seed.ConversationAsync(connection, queue);
        var within = await fixture.Seed.ConversationAsync(connection, queue);
        var periodStart = new DateTimeOffset(holiday.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero);
        await fixture.QueryAsync(db => db.Conversations.Where(c => c.Id == before.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.OutOfHoursRepliedAt, periodStart.AddDays(-1))));
        await fixture.QueryAsync(db => db.Conversations.Where(c => c.Id == within.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.OutOfHoursRepliedAt, periodStart.AddHours(1))));

        Assert.Equal("sent", (await fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(before.Id))).Value.Outcome);
        Assert.Equal("already_sent", (await fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(within.Id))).Value.Outcome);
    }

    [Fact]
    public async Task ProcessWebhookDelivery_CustomerWritesToAClosedQueue_QueuesTheReplyJobUntilTheReplyIsSent()
    {
        var (queue, connection) = await ClosedQueueAsync(Reply);
        var phoneNumberId = await fixture.QueryAsync(db => db.Connections.Where(c => c.Id == connection).Select(c => c.PhoneNumberId).SingleAsync());
        var from = Seeder.RandomNumber();
        var processor = Actor.System(WebhookInboxProcessor.JobName);

        var first = await DeliverAsync(connection, phoneNumberId, from);
        Assert.True((await fixture.SendAsync(processor, new ProcessWebhookDeliveryCommand([first.Id]))).IsSuccess);
        var conversationId = await fixture.QueryAsync(db => db.Messages.Where(m => m.Wamid == first.Wamid).Select(m => m.ConversationId).SingleAsync());
        var queuedAfterFirst = QueuedReplyJobs(conversationId);
        Assert.Equal("sent", (await fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(conversationId))).Value.Outcome);
        var second = await DeliverAsync(connection, phoneNumberId, from);
        Assert.True((await fixture.SendAsync(processor, new ProcessWebhookDeliveryCommand([second.Id]))).IsSuccess);

        Assert.Equal(1, queuedAfterFirst);
        Assert.Equal(1, QueuedReplyJobs(conversationId));
        Assert.Equal(queue, (await fixture.ConversationAsync(conversationId)).QueueId);
    }

    /// <summary>A queue that never opens (no ranges), with <paramref name="reply"/>, and a connection linked only to it.</summary>
    private const string Greeting = """[{"type":"BODY","text":"Hola {{1}}, abrimos a las {{2}}.","example":{"body_text":[["Ana","9:00"]]}}]""";

    private static OutOfHoursTemplateInput Template(string name, params (string Key, string Source)[] variables) =>
        new(name, "es", variables.ToDictionary(v => v.Key, v => v.Source));

    /// <summary>A queue closed all week whose connection has an approved template <paramref name="name"/> (<see cref="Greeting"/> unless given).</summary>
    private async Task<(TestUser Admin, Guid Queue, Guid Connection)> QueueWithTemplateAsync(string name, string? components = null)
    {
        var admin = await fixture.Seed.UserAsync(Role.ADMIN);
        var queue = await fixture.Seed.QueueAsync();
        var connection = await fixture.Seed.ConnectionAsync([queue]);
        await fixture.Seed.TemplateAsync(connection, name, "es", components: components ?? Greeting);
        return (admin, queue, connection);
    }

    [Fact]
    public async Task Set_TemplateReply_IsCheckedOnEveryConnectionOfTheQueueAsAnyTemplateSend()
    {
        var (admin, queue, connection) = await QueueWithTemplateAsync("fuera_de_hora");
        await fixture.Seed.TemplateAsync(connection, "en_revision", "es", status: Domain.Templates.MessageTemplateStatus.Pending);
        await fixture.Seed.TemplateAsync(connection, "con_imagen", "es", components: """[{"type":"HEADER","format":"IMAGE","example":{"header_handle":["h"]}},{"type":"BODY","text":"Hola"}]""");
        var lonely = await fixture.Seed.QueueAsync();
        async Task<string?> CodeAsync(Guid queueId, OutOfHoursTemplateInput template, string? reply = null) =>
            (await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(queueId, "Europe/Madrid", [], [], reply, template))).Error?.Code;
        var valid = Template("fuera_de_hora", ("body.1", "contact.name"), ("body.2", "text:9:00"));

        Assert.Equal("queues.out_of_hours_template_without_connection", await CodeAsync(lonely, valid));
        Assert.Equal("templates.unknown", await CodeAsync(queue, Template("no_existe")));
        Assert.Equal("templates.not_approved", await CodeAsync(queue, Template("en_revision")));
        Assert.Equal("templates.variables_unfilled", await CodeAsync(queue, Template("fuera_de_hora", ("body.1", "contact.name"))));
        Assert.Equal("templates.variables_unfilled", await CodeAsync(queue, Template("fuera_de_hora", ("body.1", "contact.name"), ("body.2", "text:9"), ("body.3", "text:x"))));
        Assert.Equal("templates.parameter_invalid", await CodeAsync(queue, Template("con_imagen", ("header.1", "text:http://cdn.example/luna.jpg"))));
        Assert.Equal("validation_failed", await CodeAsync(queue, valid, Reply));
        Assert.Null((await fixture.QueryAsync(db => db.Queues.SingleAsync(q => q.Id == queue))).BusinessHours);

        var set = await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(queue, "Europe/Madrid", [], [], null, valid));

        Assert.True(set.IsSuccess, set.Error?.Message);
        Assert.Equal(("fuera_de_hora", "es", "contact.name"), (set.Value.OutOfHoursTemplate!.Name, set.Value.OutOfHoursTemplate.Language, set.Value.OutOfHoursTemplate.Variables["body.1"]));
        var stored = (await fixture.QueryAsync(db => db.Queues.SingleAsync(q => q.Id == queue))).BusinessHours!;
        Assert.Equal(("fuera_de_hora", "text:9:00", (string?)null), (stored.OutOfHoursTemplate!.Name, stored.OutOfHoursTemplate.Variables["body.2"], stored.OutOfHoursReply));
    }

    [Fact]
    public async Task Send_TemplateReply_QueuesTheTemplateWithTheCustomersNameOncePerPeriod()
    {
        var (admin, queue, connection) = await QueueWithTemplateAsync("fuera_de_hora");
        Assert.True((await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(
            queue, "Europe/Madrid", [], [], null, Template("fuera_de_hora", ("body.1", "contact.name"), ("body.2", "text:9:00"))))).IsSuccess);
        var conversation = await fixture.Seed.ConversationAsync(connection, queue);
        var name = await fixture.QueryAsync(db => db.Contacts.Where(c => c.Id == conversation.ContactId).Select(c => c.ProfileName).SingleAsync());

        var first = await fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(conversation.Id));
        var second = await fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(conversation.Id));

        Assert.Equal(("sent", "already_sent"), (first.Value.Outcome, second.Value.Outcome));
        var message = Assert.Single(await OutboundAsync(conversation.Id));
        Assert.Equal((MessageTypes.Template, "[template] fuera_de_hora", MessageStatus.Queued), (message.Type, message.Text, message.Status));
        var expected = System.Text.Json.Nodes.JsonNode.Parse($$$"""
            {"name":"fuera_de_hora","language":{"code":"es"},"components":[{"type":"body","parameters":[{"type":"text","text":"{{{name}}}"},{"type":"text","text":"9:00"}]}]}
            """);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, System.Text.Json.Nodes.JsonNode.Parse(message.Content)), message.Content);
    }

    [Fact]
    public async Task Send_TemplateNoLongerApproved_IsSkippedWithAnAuditedReasonAndThePeriodStaysUnclaimed()
    {
        var (admin, queue, connection) = await QueueWithTemplateAsync("fuera_de_hora");
        Assert.True((await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(
            queue, "Europe/Madrid", [], [], null, Template("fuera_de_hora", ("body.1", "contact.name"), ("body.2", "text:9:00"))))).IsSuccess);
        var conversation = await fixture.Seed.ConversationAsync(connection, queue);
        await fixture.QueryAsync(db => db.MessageTemplates.Where(t => t.ConnectionId == connection && t.Name == "fuera_de_hora")
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, Domain.Templates.MessageTemplateStatus.Paused)));

        var result = await fixture.SendAsync(Job, new SendOutOfHoursReplyCommand(conversation.Id));

        Assert.Equal(("template_unusable", (Guid?)null), (result.Value.Outcome, result.Value.MessageId));
        Assert.Empty(await OutboundAsync(conversation.Id));
        Assert.Null((await fixture.ConversationAsync(conversation.Id)).OutOfHoursRepliedAt);
        var audit = Assert.Single(await fixture.AuditAsync("SendOutOfHoursReply", conversation.Id));
        Assert.Equal(("template_unusable templates.not_approved", "job:business-hours"), (audit.Reason, audit.ActorId));
    }

    private async Task<(Guid Queue, Guid Connection)> ClosedQueueAsync(string? reply)
    {
        var admin = await fixture.Seed.UserAsync(Role.ADMIN);
        var queue = await fixture.Seed.QueueAsync();
        Assert.True((await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(queue, "Europe/Madrid", [], [], reply))).IsSuccess);
        return (queue, await fixture.Seed.ConnectionAsync([queue]));
    }

    private Task<List<Message>> OutboundAsync(Guid conversationId) =>
        fixture.QueryAsync(db => db.Messages.Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Outbound).ToListAsync());

    private int QueuedReplyJobs(Guid conversationId) =>
        fixture.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Count(j => j.Value.Job?.Type == typeof(OutOfHoursReplyJob) && j.Value.Job.Args[0] is Guid id && id == conversationId);

    /// <summary>A Cloud API delivery of one text message from <paramref name="from"/>, stored as the receiver stores it.</summary>
    private async Task<(Guid Id, string Wamid)> DeliverAsync(Guid connectionId, string phoneNumberId, string from)
    {
        var wamid = $"wamid.hours.{Guid.NewGuid():N}";
        var at = DateTimeOffset.UtcNow;
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = $$$"""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"{{{phoneNumberId}}}"},"contacts":[{"profile":{"name":"Customer"},"wa_id":"{{{from}}}"}],"messages":[{"from":"{{{from}}}","id":"{{{wamid}}}","timestamp":"{{{timestamp}}}","type":"text","text":{"body":"Hola"}}]}}]}]}""";
        var entry = WebhookInboxEntry.Receive(connectionId, body, at);
        await fixture.ChangeAsync(db =>
        {
            db.WebhookInbox.Add(entry);
            return Task.CompletedTask;
        });
        return (entry.Id, wamid);
    }
}
