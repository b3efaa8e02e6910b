using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Messaging;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Messages;

public sealed class SendMessageTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private static string Url(Guid conversationId) => $"/api/v1/conversations/{conversationId}/messages";

    private Task<int> MessageCountAsync(Guid conversationId) =>
        fixture.App.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversationId));

    [Fact]
    public async Task Send_TextInsideWindow_Returns202QueuedAndTheDispatcherSendsIt()
    {
        var (connection, contact, conversation) = await fixture.Seeder.OpenConversationAsync();
        using var admin = fixture.Client(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "Hola, ¿en qué te ayudo?", previewUrl = true });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal("out", body.GetProperty("direction").GetString());
        Assert.Equal("text", body.GetProperty("type").GetString());
        Assert.Equal("Hola, ¿en qué te ayudo?", body.GetProperty("content").GetProperty("body").GetString());
        Assert.True(body.GetProperty("content").GetProperty("preview_url").GetBoolean());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("sender").GetProperty("fullName").GetString()));
        var id = body.GetProperty("id").GetGuid();

        await Eventually.TrueAsync(async () => (await fixture.Seeder.MessageAsync(id)).Status == MessageStatus.Sent, "message sent");
        var stored = await fixture.Seeder.MessageAsync(id);
        var send = Assert.Single(fixture.Gateway.SendsOf(connection.Id));
        Assert.Equal(stored.Wamid, (await (await admin.GetAsync(Url(conversation.Id))).ReadJsonAsync()).GetProperty("items")[0].GetProperty("wamid").GetString());
        Assert.StartsWith("wamid.fake.", stored.Wamid, StringComparison.Ordinal);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal(contact.WaId, send.Request.To);
        Assert.Equal(MessagingSeeder.AccessToken, send.Request.Credentials.AccessToken);
        Assert.Equal(connection.PhoneNumberId, send.Request.Credentials.PhoneNumberId);
        Assert.Equal("text", send.Request.Content.Type);
        Assert.Equal("Hola, ¿en qué te ayudo?", send.Request.Content.Text);
        Assert.True(send.Request.Content.PreviewUrl);
    }

    [Fact]
    public async Task Send_SecondTextWhileTheFirstIsStillWithWhatsApp_WaitsForItsAnswerAndGoesOutSecond()
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        var firstAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Gateway.Script(connection.Id, async (request, _) =>
        {
            if (request.Content.Text == "first")
            {
                await firstAnswered.Task;
            }

            return FakeWhatsAppGateway.Accept();
        });
        using var admin = fixture.Client(fixture.AdminToken);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "first" })).StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Gateway.SendsOf(connection.Id).Count == 1), "the first text is with WhatsApp");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "second" })).StatusCode);

        // The new message wakes the outbox, whose next pass starts while the first send is still out: it must wait.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(fixture.Gateway.SendsOf(connection.Id));
        firstAnswered.SetResult();
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Gateway.SendsOf(connection.Id).Count == 2), "the second text follows");
        Assert.Equal(["first", "second"], fixture.Gateway.SendsOf(connection.Id).Select(s => s.Request.Content.Text));
    }

    [Fact]
    public async Task Claim_TwoQueuedMessagesOfOneConversation_TakesOnlyTheOlderUntilItHasLeftTheOutbox()
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        var (_, _, other) = await fixture.Seeder.OpenConversationAsync();

        // Queued for a time the running dispatcher has not reached: only the claims below, made "later", see them due.
        var queuedAt = DateTimeOffset.UtcNow.AddDays(1);
        var first = Message.Outbound(conversation.Id, connection.Id, "text", "first", "{}", null, queuedAt);
        var second = Message.Outbound(conversation.Id, connection.Id, "text", "second", "{}", null, queuedAt.AddMilliseconds(5));
        var elsewhere = Message.Outbound(other.Id, other.ConnectionId, "text", "elsewhere", "{}", null, queuedAt.AddMilliseconds(10));
        await fixture.App.QueryAsync(async db =>
        {
            db.Messages.AddRange(second, first, elsewhere);
            return await db.SaveChangesAsync();
        });
        var now = queuedAt.AddMinutes(1);
        var ours = new[] { first.Id, second.Id, elsewhere.Id };

        var taken = await ClaimAsync(now);
        var again = await ClaimAsync(now);
        await fixture.App.QueryAsync(db => db.Messages.Where(m => m.Id == first.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MessageStatus.Sent).SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)));
        var afterFirstLeft = await ClaimAsync(now);

        // Another instance's claim would see the same: the second message is not claimable while the first is queued.
        Assert.Equal(new[] { first.Id, elsewhere.Id }.Order(), taken.Intersect(ours).Order());
        Assert.Empty(again.Intersect(ours));
        Assert.Equal([second.Id], afterFirstLeft.Intersect(ours));

        async Task<List<Guid>> ClaimAsync(DateTimeOffset at)
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            return await OutboxClaim.Queue.ClaimAsync(db, at, at.AddMinutes(5), 500, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Send_TextOutsideWindow_Returns422AndStoresNothing()
    {
        var connection = await fixture.Seeder.ConnectionAsync();
        var contact = await fixture.Seeder.ContactAsync();
        var conversation = await fixture.Seeder.ConversationAsync(connection.Id, contact.Id, lastInboundAgo: TimeSpan.FromHours(25));
        using var admin = fixture.Client(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "¿Seguís ahí?" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "messages.outside_service_window");
        Assert.Contains("template", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await MessageCountAsync(conversation.Id));
    }

    [Fact]
    public async Task Send_TemplateOutsideWindow_Returns202WithTheTemplateContent()
    {
        var connection = await fixture.Seeder.ConnectionAsync();
        var contact = await fixture.Seeder.ContactAsync();
        var conversation = await fixture.Seeder.ConversationAsync(connection.Id, contact.Id);
        await fixture.App.SeedTemplateAsync(connection.Id, "order_update", "pt_BR", bodyVariables: 1);
        using var admin = fixture.Client(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync(Url(conversation.Id), new
        {
            type = "template",
            template = new { name = "order_update", language = "pt_BR", components = new object[] { new { type = "body", parameters = new[] { new { type = "text", text = "123" } } } } },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("[template] order_update", body.GetProperty("text").GetString());
        Assert.Equal("order_update", body.GetProperty("content").GetProperty("name").GetString());
        Assert.Equal("pt_BR", body.GetProperty("content").GetProperty("language").GetProperty("code").GetString());
        Assert.Equal("body", body.GetProperty("content").GetProperty("components")[0].GetProperty("type").GetString());
        var id = body.GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => (await fixture.Seeder.MessageAsync(id)).Status == MessageStatus.Sent, "template sent");
        var template = Assert.Single(fixture.Gateway.SendsOf(connection.Id)).Request.Content.Template!;
        Assert.Equal(("order_update", "pt_BR"), (template.Name, template.LanguageCode));
        Assert.Contains("\"123\"", template.ComponentsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TemplateToOptedOutContact_Returns422()
    {
        var connection = await fixture.Seeder.ConnectionAsync();
        var contact = await fixture.Seeder.ContactAsync(optedOut: true);
        var conversation = await fixture.Seeder.ConversationAsync(connection.Id, contact.Id);
        using var admin = fixture.Client(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync(Url(conversation.Id), new { type = "template", template = new { name = "promo", language = "es" } });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "contacts.opted_out");
        Assert.Equal(0, await MessageCountAsync(conversation.Id));
    }

    [Fact]
    public async Task Send_ClosedConversation_Returns409()
    {
        var connection = await fixture.Seeder.ConnectionAsync();
        var contact = await fixture.Seeder.ContactAsync();
        var conversation = await fixture.Seeder.ConversationAsync(connection.Id, contact.Id, lastInboundAgo: TimeSpan.FromHours(1), closed: true);
        using var admin = fixture.Client(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "hola" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "conversations.closed");
    }

    [Theory]
    [InlineData("disabled", "connections.disabled")]
    [InlineData("invalid", "connections.invalid_credentials")]
    [InlineData("deleted", "connections.deleted")]
    public async Task Send_ConnectionNotActive_Returns422(string state, string code)
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        await fixture.Seeder.ChangeConnectionAsync(connection.Id, (c, now) =>
        {
            switch (state)
            {
                case "disabled": c.Disable(now); break;
                case "invalid": c.MarkInvalidCredentials("graph_190: expired", now); break;
                default: c.Delete(now); break;
            }
        });
        using var admin = fixture.Client(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "hola" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal(0, await MessageCountAsync(conversation.Id));
    }

    [Fact]
    public async Task Send_AgentWhoIsNotTheAssignee_Returns403()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var queue = await fixture.Seeder.QueueAsync(agent.Id);
        var connection = await fixture.Seeder.ConnectionAsync();
        var contact = await fixture.Seeder.ContactAsync();
        var waiting = await fixture.Seeder.ConversationAsync(connection.Id, contact.Id, queueId: queue.Id, lastInboundAgo: TimeSpan.FromHours(1));
        using var client = fixture.Client(agent.Token);

        var response = await client.PostAsJsonAsync(Url(waiting.Id), new { type = "text", text = "hola" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "conversations.not_assignee");
        Assert.Equal(0, await MessageCountAsync(waiting.Id));
    }

    [Fact]
    public async Task Send_AgentWhoIsTheAssignee_Returns202()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var (_, _, conversation) = await fixture.Seeder.OpenConversationAsync(assigneeId: agent.Id);
        using var client = fixture.Client(agent.Token);

        var response = await client.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "hola" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(agent.Id, (await response.ReadJsonAsync()).GetProperty("sender").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Send_SupervisorOfTheQueue_Returns202EvenWhenAnotherAgentHoldsIt()
    {
        var supervisor = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var queue = await fixture.Seeder.QueueAsync(supervisor.Id, agent.Id);
        var connection = await fixture.Seeder.ConnectionAsync();
        var contact = await fixture.Seeder.ContactAsync();
        var conversation = await fixture.Seeder.ConversationAsync(connection.Id, contact.Id, queueId: queue.Id, assigneeId: agent.Id, lastInboundAgo: TimeSpan.FromHours(2));
        using var client = fixture.Client(supervisor.Token);

        var response = await client.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "Soy la supervisora" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Send_ConversationTheCallerCannotSee_Returns404AndAuditsADenial()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var supervisor = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        var queue = await fixture.Seeder.QueueAsync();
        var connection = await fixture.Seeder.ConnectionAsync();
        var contact = await fixture.Seeder.ContactAsync();
        var conversation = await fixture.Seeder.ConversationAsync(connection.Id, contact.Id, queueId: queue.Id, lastInboundAgo: TimeSpan.FromHours(1));

        foreach (var caller in new[] { agent, supervisor })
        {
            using var client = fixture.Client(caller.Token);
            var response = await client.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "hola" });

            await response.AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
            var (target, actor) = (conversation.Id.ToString(), caller.Id.ToString());
            Assert.Equal(AuditOutcome.Denied, await fixture.App.QueryAsync(db => db.AuditLogs
                .Where(a => a.TargetId == target && a.ActorId == actor && a.Action == "SendMessage")
                .OrderByDescending(a => a.Sequence)
                .Select(a => a.Outcome)
                .FirstAsync()));
        }

        Assert.Equal(0, await MessageCountAsync(conversation.Id));
        using var admin = fixture.Client(fixture.AdminToken);
        await (await admin.PostAsJsonAsync(Url(Guid.NewGuid()), new { type = "text", text = "hola" })).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
    }

    [Theory]
    [InlineData("{\"type\":\"text\",\"text\":\"\"}")]
    [InlineData("{\"type\":\"text\"}")]
    [InlineData("{\"type\":\"image\",\"text\":\"hola\"}")]
    [InlineData("{\"type\":\"text\",\"text\":\"a\\u0000b\"}")]
    [InlineData("{\"type\":\"template\",\"template\":{\"name\":\"Bad Name\",\"language\":\"es\"}}")]
    [InlineData("{\"type\":\"template\",\"template\":{\"name\":\"promo\",\"language\":\"spanish!\"}}")]
    [InlineData("{\"type\":\"template\",\"template\":{\"name\":\"promo\",\"language\":\"es\",\"components\":{\"type\":\"body\"}}}")]
    [InlineData("{\"type\":\"template\",\"text\":\"hola\",\"template\":{\"name\":\"promo\",\"language\":\"es\"}}")]
    [InlineData("{\"type\":\"template\"}")]
    public async Task Send_InvalidBody_Returns400AndStoresNothing(string json)
    {
        var (_, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        using var admin = fixture.Client(fixture.AdminToken);

        var response = await admin.PostAsync(Url(conversation.Id), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await MessageCountAsync(conversation.Id));
    }

    [Fact]
    public async Task Send_TextLongerThan4096_Returns400()
    {
        var (_, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        using var admin = fixture.Client(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = new string('a', 4097) });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Send_ReplyToAMessageOfTheConversation_CarriesItsWamid()
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        var inbound = await fixture.Seeder.InboundAsync(conversation.Id, connection.Id, "¿Tienen stock?", fixture.Clock.GetUtcNow().AddMinutes(-5));
        using var admin = fixture.Client(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "Sí", replyToMessageId = inbound.Id });
        var unknown = await admin.PostAsJsonAsync(Url(conversation.Id), new { type = "text", text = "Sí", replyToMessageId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(inbound.Wamid, (await response.ReadJsonAsync()).GetProperty("replyToWamid").GetString());
        await unknown.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "messages.reply_target_not_found");
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Gateway.SendsOf(connection.Id).Count == 1), "reply sent");
        Assert.Equal(inbound.Wamid, fixture.Gateway.SendsOf(connection.Id)[0].Request.Content.ReplyToWamid);
    }
}
