using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Messages;
using WhatsSuite.Application.Messages.SendMessage;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Messages;

/// <summary>
/// Queuing a message: who may send, the service window, templates, opt-out and the connection's state, through the
/// whole pipeline on PostgreSQL. Nothing is sent here (no dispatcher runs); the API tests cover the dispatch.
/// </summary>
public sealed class SendMessageTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    private static SendMessageCommand Text(Guid conversationId, string text = "Hola, ¿en qué le ayudo?", Guid? replyTo = null) =>
        new(conversationId, SendMessageCommand.TextType, text, null, replyTo, null);

    private static SendMessageCommand Template(Guid conversationId) =>
        new(conversationId, SendMessageCommand.TemplateType, null, null, null, new SendTemplateInput("seguimiento", "es_AR", null));

    private Task<List<Message>> OutboundAsync(Guid conversationId) =>
        fixture.QueryAsync(db => db.Messages.Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Outbound).ToListAsync());

    private async Task<(Guid Queue, TestUser Agent, Guid Connection)> QueueWithAgentAsync(Action<Connection, DateTimeOffset>? connectionChange = null)
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        return (queue, agent, await Seed.ConnectionAsync([queue], connectionChange));
    }

    [Fact]
    public async Task Send_TextInsideWindowByTheAssignee_QueuesItAndWakesTheOutboxOnceCommitted()
    {
        var (queue, agent, connection) = await QueueWithAgentAsync();
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);
        var wakeUps = fixture.Signal.Notifications(BackgroundWork.Outbox);

        var result = await fixture.SendAsync(agent.Actor, Text(conversation.Id));

        Assert.Equal(MessageStatus.Queued, result.Value.Status);
        var message = Assert.Single(await OutboundAsync(conversation.Id));
        Assert.Equal((MessageTypes.Text, "Hola, ¿en qué le ayudo?", (Guid?)agent.Id, MessageStatus.Queued, connection), (message.Type, message.Text, message.SenderUserId, message.Status, message.ConnectionId));
        Assert.Equal("Hola, ¿en qué le ayudo?", JsonDocument.Parse(message.Content).RootElement.GetProperty("body").GetString());
        Assert.Equal("Hola, ¿en qué le ayudo?", (await fixture.ConversationAsync(conversation.Id)).LastMessagePreview);
        Assert.Equal(wakeUps + 1, fixture.Signal.Notifications(BackgroundWork.Outbox));
        Assert.Equal(AuditOutcome.Success, Assert.Single(await fixture.AuditAsync("SendMessage", conversation.Id)).Outcome);
    }

    [Fact]
    public async Task Send_TextOutsideWindow_IsRefusedAndATemplateIsQueued()
    {
        var (queue, agent, connection) = await QueueWithAgentAsync();
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id, lastInboundAgo: TimeSpan.FromHours(25));
        await Seed.TemplateAsync(connection, "seguimiento", "es_AR");
        var wakeUps = fixture.Signal.Notifications(BackgroundWork.Outbox);

        var text = await fixture.SendAsync(agent.Actor, Text(conversation.Id));
        Assert.Equal(MessageErrors.OutsideServiceWindow.Code, text.Error?.Code);
        Assert.Empty(await OutboundAsync(conversation.Id));
        Assert.Equal(wakeUps, fixture.Signal.Notifications(BackgroundWork.Outbox));

        var template = await fixture.SendAsync(agent.Actor, Template(conversation.Id));
        Assert.True(template.IsSuccess);
        var message = Assert.Single(await OutboundAsync(conversation.Id));
        Assert.Equal((MessageTypes.Template, "[template] seguimiento"), (message.Type, message.Text));
        var content = JsonDocument.Parse(message.Content).RootElement;
        Assert.Equal(("seguimiento", "es_AR"), (content.GetProperty("name").GetString(), content.GetProperty("language").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Send_TemplateToAnOptedOutContact_IsRefused()
    {
        var (queue, agent, connection) = await QueueWithAgentAsync();
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id, contactOptedOut: true);

        var result = await fixture.SendAsync(agent.Actor, Template(conversation.Id));

        Assert.Equal(MessageErrors.ContactOptedOut.Code, result.Error?.Code);
        Assert.Empty(await OutboundAsync(conversation.Id));
    }

    [Fact]
    public async Task Send_ClosedConversation_IsRefusedForItsSupervisor()
    {
        var queue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.CLOSED);

        var result = await fixture.SendAsync(supervisor.Actor, Text(conversation.Id));

        Assert.Equal(MessageErrors.ConversationClosed.Code, result.Error?.Code);
        Assert.Empty(await OutboundAsync(conversation.Id));
    }

    [Theory]
    [InlineData("disabled", "connections.disabled")]
    [InlineData("deleted", "connections.deleted")]
    [InlineData("invalid_credentials", "connections.invalid_credentials")]
    public async Task Send_ConnectionNotActive_IsRefused(string state, string code)
    {
        var (queue, agent, connection) = await QueueWithAgentAsync((c, now) =>
        {
            switch (state)
            {
                case "disabled":
                    c.Disable(now);
                    break;
                case "deleted":
                    c.Delete(now);
                    break;
                default:
                    c.MarkInvalidCredentials("190", now);
                    break;
            }
        });
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);

        var result = await fixture.SendAsync(agent.Actor, Text(conversation.Id));

        Assert.Equal(code, result.Error?.Code);
        Assert.Empty(await OutboundAsync(conversation.Id));
        var audit = Assert.Single(await fixture.AuditAsync("SendMessage", conversation.Id));
        Assert.Equal((AuditOutcome.Failed, code), (audit.Outcome, audit.Reason));
    }

    [Fact]
    public async Task Send_WhoMaySend_TheAssigneeTheQueuesSupervisorAndAnAdminButNotAnotherAgent()
    {
        var (queue, holder, connection) = await QueueWithAgentAsync();
        var colleague = await Seed.UserAsync(Role.AGENTE, queue);
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);
        var admin = await Seed.UserAsync(Role.ADMIN);
        var held = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, holder.Id);
        var waiting = await Seed.ConversationAsync(connection, queue);

        // The colleague sees the waiting one (their queue) but holds neither; the held one they do not even see.
        Assert.Equal(MessageErrors.NotAssignee.Code, (await fixture.SendAsync(colleague.Actor, Text(waiting.Id))).Error?.Code);
        Assert.Equal("conversations.not_found", (await fixture.SendAsync(colleague.Actor, Text(held.Id))).Error?.Code);
        Assert.Empty(await OutboundAsync(waiting.Id));

        Assert.True((await fixture.SendAsync(holder.Actor, Text(held.Id))).IsSuccess);
        Assert.True((await fixture.SendAsync(supervisor.Actor, Text(held.Id))).IsSuccess);
        Assert.True((await fixture.SendAsync(admin.Actor, Text(held.Id))).IsSuccess);
        Assert.Equal(
            new[] { holder.Id, supervisor.Id, admin.Id }.Order(),
            (await OutboundAsync(held.Id)).Select(m => m.SenderUserId!.Value).Order());
    }

    [Fact]
    public async Task Send_ReplyTo_CarriesTheQuotedWamidOnlyForAMessageOfTheConversation()
    {
        var (queue, agent, connection) = await QueueWithAgentAsync();
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);
        var other = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);

        var foreign = await fixture.SendAsync(agent.Actor, Text(conversation.Id, replyTo: other.InboundMessageId));
        Assert.Equal(MessageErrors.ReplyTargetNotFound.Code, foreign.Error?.Code);

        var reply = await fixture.SendAsync(agent.Actor, Text(conversation.Id, replyTo: conversation.InboundMessageId));
        var quoted = await fixture.QueryAsync(db => db.Messages.Where(m => m.Id == conversation.InboundMessageId).Select(m => m.Wamid).SingleAsync());
        Assert.Equal(quoted, reply.Value.ReplyToWamid);
        Assert.Equal(quoted, Assert.Single(await OutboundAsync(conversation.Id)).ReplyToWamid);
    }

    [Fact]
    public async Task Send_InvalidInput_IsRefusedBeforeTheHandlerAndStoresNothing()
    {
        var (queue, agent, connection) = await QueueWithAgentAsync();
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);

        SendMessageCommand[] invalid =
        [
            Text(conversation.Id, string.Empty),
            Text(conversation.Id, new string('x', Message.MaxTextLength + 1)),
            new(conversation.Id, "audio", "x", null, null, null),
            new(conversation.Id, SendMessageCommand.TemplateType, null, null, null, null),
        ];
        foreach (var command in invalid)
        {
            Assert.Equal("validation_failed", (await fixture.SendAsync(agent.Actor, command)).Error?.Code);
        }

        Assert.Empty(await OutboundAsync(conversation.Id));
        Assert.All(await fixture.AuditAsync("SendMessage", conversation.Id), a => Assert.Equal(AuditOutcome.Invalid, a.Outcome));
    }
}
