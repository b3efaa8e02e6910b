using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Api.IntegrationTests.Conversations;

/// <summary>Take, give back, close, reopen, transfer and start: transitions, refusals and races on PostgreSQL.</summary>
public sealed class ConversationActionsTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private ConversationSeeder Seeder { get; } = new(fixture.App, fixture.AdminToken);

    private HttpClient Client(string token) => fixture.App.CreateClient().WithBearer(token);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Guid id, string action, object? body = null) =>
        client.PostAsJsonAsync($"/api/v1/conversations/{id}/{action}", body ?? new { });

    private async Task<string> StateAsync(Guid id)
    {
        var state = await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => new { c.Status, c.AssigneeId, c.QueueId }).SingleAsync());
        return $"{state.Status}:{state.AssigneeId?.ToString() ?? "-"}:{state.QueueId?.ToString() ?? "-"}";
    }

    private Task<int> VersionAsync(Guid id) => fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.Version).SingleAsync());

    /// <summary>The newest audit row of <paramref name="action"/> on <paramref name="targetId"/> (with <paramref name="outcome"/>, when given).</summary>
    private Task<AuditLog?> LastAuditAsync(string action, Guid targetId, AuditOutcome? outcome = null) =>
        fixture.Database.QueryAsync(db => db.AuditLogs
            .Where(a => a.Action == action && a.TargetId == targetId.ToString() && (outcome == null || a.Outcome == outcome))
            .OrderByDescending(a => a.Sequence)
            .FirstOrDefaultAsync());

    [Fact]
    public async Task MarkRead_AfterInboundMessages_CountsThemResetsToZeroAndTheDeskHearsBothChanges()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var outsider = await Seeder.UserAsync("AGENTE", await Seeder.QueueAsync());
        var connection = await fixture.App.SeedConnectionAsync(queueIds: queue);
        await using var desk = await DeskClient.ConnectAsync(fixture.App, agent.Token);
        using var webhook = fixture.App.CreateClient();
        var customer = ConversationSeeder.RandomNumber();
        foreach (var text in new[] { "one", "two" })
        {
            Assert.Equal(HttpStatusCode.OK, (await webhook.PostWebhookAsync(connection, Webhooks.MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", text, customer))).StatusCode);
        }

        // Both deliveries may be claimed in one inbox batch: the conversation then arrives already holding both messages.
        var counted = await desk.NextAsync(e => e.GetProperty("type").GetString() is "conversation.created" or "conversation.updated"
            && e.GetProperty("data").GetProperty("conversation").GetProperty("unreadCount").GetInt32() == 2);
        var id = DeskClient.ConversationOf(counted)!.Value;
        Assert.Equal("two", counted.GetProperty("data").GetProperty("conversation").GetProperty("lastMessagePreview").GetString());
        using var agentClient = Client(agent.Token);
        Assert.Equal(2, (await (await agentClient.GetAsync($"/api/v1/conversations/{id}")).ReadJsonAsync()).GetProperty("unreadCount").GetInt32());

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(Client(outsider.Token), id, "read")).StatusCode);
        Assert.Equal(2, await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.UnreadCount).SingleAsync()));
        var read = await PostAsync(agentClient, id, "read");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(0, (await read.ReadJsonAsync()).GetProperty("unreadCount").GetInt32());
        Assert.Equal(0, await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.UnreadCount).SingleAsync()));
        Assert.Equal(AuditOutcome.Denied, (await LastAuditAsync("MarkConversationRead", id, AuditOutcome.Denied))?.Outcome);
        var cleared = await desk.NextAsync(e => e.GetProperty("type").GetString() == "conversation.updated" && DeskClient.ConversationOf(e) == id
            && e.GetProperty("data").GetProperty("conversation").GetProperty("unreadCount").GetInt32() == 0);
        Assert.True(cleared.GetProperty("seq").GetInt64() > counted.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Assign_Unassigned_OpensItForTheCaller_AndTakingItAgainChangesNothing()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var connection = await Seeder.ConnectionAsync([queue]);
        var id = await Seeder.ConversationAsync(connection, queue);
        using var client = Client(agent.Token);

        var body = await (await PostAsync(client, id, "assign")).ReadJsonAsync();
        Assert.Equal("OPEN", body.GetProperty("status").GetString());
        Assert.Equal(agent.Id, body.GetProperty("assignee").GetProperty("id").GetGuid());
        var version = await VersionAsync(id);

        var again = await PostAsync(client, id, "assign");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(version, await VersionAsync(id));
        Assert.Equal(AuditOutcome.Success, (await LastAuditAsync("AssignConversation", id))?.Outcome);
    }

    [Theory]
    [InlineData("AGENTE")]
    [InlineData("SUPERVISOR")]
    [InlineData("ADMIN")]
    public async Task Assign_HeldByAnotherUser_Returns409TakenForEveryRole(string role)
    {
        var queue = await Seeder.QueueAsync();
        var holder = await Seeder.UserAsync("AGENTE", queue);
        var connection = await Seeder.ConnectionAsync([queue]);
        var id = await Seeder.ConversationAsync(connection, queue);
        using (var holderClient = Client(holder.Token))
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(holderClient, id, "assign")).StatusCode);
        }

        var token = role == "ADMIN" ? fixture.AdminToken : (await Seeder.UserAsync(role, queue)).Token;
        using var client = Client(token);

        await (await PostAsync(client, id, "assign")).AssertProblemAsync(HttpStatusCode.Conflict, "conversations.taken");

        Assert.Equal($"OPEN:{holder.Id}:{queue}", await StateAsync(id));
    }

    [Fact]
    public async Task Assign_ClosedBySupervisor_ReopensIt()
    {
        var queue = await Seeder.QueueAsync();
        var supervisor = await Seeder.UserAsync("SUPERVISOR", queue);
        var connection = await Seeder.ConnectionAsync([queue]);
        var id = await Seeder.ConversationAsync(connection, queue, ConversationStatus.CLOSED);
        using var client = Client(supervisor.Token);

        var body = await (await PostAsync(client, id, "assign")).ReadJsonAsync();

        Assert.Equal("OPEN", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("closedAt").ValueKind);
        Assert.Equal($"OPEN:{supervisor.Id}:{queue}", await StateAsync(id));
    }

    [Fact]
    public async Task UnassignCloseReopen_Transitions_FollowTheRules()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var supervisor = await Seeder.UserAsync("SUPERVISOR", queue);
        var connection = await Seeder.ConnectionAsync([queue]);
        var id = await Seeder.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);
        using var agentClient = Client(agent.Token);
        using var supervisorClient = Client(supervisor.Token);

        Assert.Equal("UNASSIGNED", (await (await PostAsync(agentClient, id, "unassign")).ReadJsonAsync()).GetProperty("status").GetString());
        await (await PostAsync(agentClient, id, "unassign")).AssertProblemAsync(HttpStatusCode.Conflict, "conversations.not_open");

        // The agent sees it waiting in their queue but does not hold it: they may not close it.
        await (await PostAsync(agentClient, id, "close")).AssertProblemAsync(HttpStatusCode.Forbidden, "conversations.not_assignee");
        await (await PostAsync(agentClient, id, "reopen")).AssertProblemAsync(HttpStatusCode.Forbidden, "conversations.supervisors_only");
        await (await PostAsync(supervisorClient, id, "reopen")).AssertProblemAsync(HttpStatusCode.Conflict, "conversations.not_closed");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(agentClient, id, "assign")).StatusCode);
        var closed = await (await PostAsync(agentClient, id, "close")).ReadJsonAsync();
        Assert.Equal("CLOSED", closed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("assignee").ValueKind);
        await (await PostAsync(supervisorClient, id, "close")).AssertProblemAsync(HttpStatusCode.Conflict, "conversations.already_closed");

        // Closed conversations disappear for the agent.
        await (await PostAsync(agentClient, id, "reopen")).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
        var reopened = await (await PostAsync(supervisorClient, id, "reopen")).ReadJsonAsync();
        Assert.Equal("UNASSIGNED", reopened.GetProperty("status").GetString());
        Assert.Equal($"UNASSIGNED:-:{queue}", await StateAsync(id));

        // A supervisor of the queue may give back a conversation an agent holds.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(agentClient, id, "assign")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(supervisorClient, id, "unassign")).StatusCode);
        Assert.Equal($"UNASSIGNED:-:{queue}", await StateAsync(id));
    }

    [Fact]
    public async Task Transfer_ToUserAndQueue_AppliesTheRules()
    {
        var q1 = await Seeder.QueueAsync();
        var q2 = await Seeder.QueueAsync();
        var unlinked = await Seeder.QueueAsync();
        var agentA = await Seeder.UserAsync("AGENTE", q1);
        var agentB = await Seeder.UserAsync("AGENTE", q1);
        var agentQ2 = await Seeder.UserAsync("AGENTE", q2);
        var supervisor = await Seeder.UserAsync("SUPERVISOR", q1);
        var inactive = await Seeder.UserAsync("AGENTE", q1);
        using (var admin = Client(fixture.AdminToken))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{inactive.Id}/deactivate", null)).StatusCode);
        }

        var connection = await Seeder.ConnectionAsync([q1, q2]);
        var id = await Seeder.ConversationAsync(connection, q1, ConversationStatus.OPEN, agentA.Id);
        var waiting = await Seeder.ConversationAsync(connection, q1);
        using var clientA = Client(agentA.Token);
        using var clientB = Client(agentB.Token);
        using var supervisorClient = Client(supervisor.Token);

        await (await PostAsync(clientA, id, "transfer", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await PostAsync(clientA, id, "transfer", new { toUserId = agentB.Id, note = new string('x', 501) })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await PostAsync(clientA, id, "transfer", new { toUserId = agentA.Id })).AssertProblemAsync(HttpStatusCode.Conflict, "conversations.same_assignee");
        await (await PostAsync(clientA, id, "transfer", new { toUserId = inactive.Id })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "conversations.transfer_target_invalid");
        await (await PostAsync(clientA, id, "transfer", new { toUserId = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "conversations.transfer_target_invalid");
        var adminId = await fixture.Database.QueryAsync(db => db.Users.Where(u => u.Role == Role.ADMIN).Select(u => u.Id).FirstAsync());
        await (await PostAsync(clientA, id, "transfer", new { toUserId = adminId })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "conversations.transfer_target_invalid");
        await (await PostAsync(clientA, id, "transfer", new { toUserId = agentQ2.Id })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "conversations.transfer_target_not_member");
        await (await PostAsync(clientA, id, "transfer", new { toQueueId = unlinked })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "conversations.queue_not_linked");
        await (await PostAsync(clientA, id, "transfer", new { toQueueId = q1 })).AssertProblemAsync(HttpStatusCode.Conflict, "conversations.same_queue");

        // An agent may not transfer a conversation they do not hold.
        await (await PostAsync(clientB, waiting, "transfer", new { toUserId = agentA.Id })).AssertProblemAsync(HttpStatusCode.Forbidden, "conversations.not_assignee");
        Assert.Equal($"OPEN:{agentA.Id}:{q1}", await StateAsync(id));

        var toB = await (await PostAsync(clientA, id, "transfer", new { toUserId = agentB.Id, note = "Cliente pide a Bruno" })).ReadJsonAsync();
        Assert.Equal(agentB.Id, toB.GetProperty("assignee").GetProperty("id").GetGuid());
        Assert.Equal("Cliente pide a Bruno", (await LastAuditAsync("TransferConversation", id, AuditOutcome.Success))?.Reason);

        // To another queue and one of its agents at once.
        var toQ2Agent = await (await PostAsync(supervisorClient, id, "transfer", new { toUserId = agentQ2.Id, toQueueId = q2 })).ReadJsonAsync();
        Assert.Equal($"OPEN:{agentQ2.Id}:{q2}", await StateAsync(id));
        Assert.Equal(q2, toQ2Agent.GetProperty("queue").GetProperty("id").GetGuid());

        // The supervisor of q1 no longer sees it; the admin moves it back to q1's queue, waiting.
        await (await PostAsync(supervisorClient, id, "transfer", new { toQueueId = q1 })).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
        using var admin2 = Client(fixture.AdminToken);
        Assert.Equal("UNASSIGNED", (await (await PostAsync(admin2, id, "transfer", new { toQueueId = q1 })).ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal($"UNASSIGNED:-:{q1}", await StateAsync(id));
    }

    [Fact]
    public async Task Assign_ConcurrentAgents_ExactlyOneWinsEveryRound()
    {
        var queue = await Seeder.QueueAsync();
        var agents = new List<SignedInUser>();
        for (var i = 0; i < 6; i++)
        {
            agents.Add(await Seeder.UserAsync("AGENTE", queue));
        }

        var connection = await Seeder.ConnectionAsync([queue]);
        var clients = agents.Select(a => Client(a.Token)).ToList();
        try
        {
            for (var round = 0; round < 5; round++)
            {
                var id = await Seeder.ConversationAsync(connection, queue);
                using var start = new SemaphoreSlim(0, agents.Count);
                var attempts = clients.Select(async (client, index) =>
                {
                    await start.WaitAsync();
                    var response = await PostAsync(client, id, "assign");
                    return (Agent: agents[index].Id, Response: response);
                }).ToList();
                start.Release(agents.Count);
                var results = await Task.WhenAll(attempts);

                var winners = results.Where(r => r.Response.StatusCode == HttpStatusCode.OK).ToList();
                Assert.Single(winners);
                foreach (var loser in results.Where(r => r.Response.StatusCode != HttpStatusCode.OK))
                {
                    await loser.Response.AssertProblemAsync(HttpStatusCode.Conflict);
                }

                Assert.Equal($"OPEN:{winners[0].Agent}:{queue}", await StateAsync(id));
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task TakeAndTransfer_Concurrent_EndConsistent()
    {
        var queue = await Seeder.QueueAsync();
        var taker = await Seeder.UserAsync("AGENTE", queue);
        var target = await Seeder.UserAsync("AGENTE", queue);
        var supervisor = await Seeder.UserAsync("SUPERVISOR", queue);
        var connection = await Seeder.ConnectionAsync([queue]);
        using var takerClient = Client(taker.Token);
        using var supervisorClient = Client(supervisor.Token);

        for (var round = 0; round < 5; round++)
        {
            var id = await Seeder.ConversationAsync(connection, queue);
            using var start = new SemaphoreSlim(0, 2);
            var take = Task.Run(async () => { await start.WaitAsync(); return await PostAsync(takerClient, id, "assign"); });
            var transfer = Task.Run(async () => { await start.WaitAsync(); return await PostAsync(supervisorClient, id, "transfer", new { toUserId = target.Id }); });
            start.Release(2);
            var (taken, transferred) = (await take, await transfer);

            Assert.Contains(taken.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            Assert.Contains(transferred.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            Assert.True(taken.StatusCode == HttpStatusCode.OK || transferred.StatusCode == HttpStatusCode.OK, "one of them wins");

            // A transfer that succeeded came last (it may legitimately move a conversation just taken).
            var expected = transferred.StatusCode == HttpStatusCode.OK ? target.Id : taker.Id;
            Assert.Equal($"OPEN:{expected}:{queue}", await StateAsync(id));
            if (taken.StatusCode == HttpStatusCode.Conflict)
            {
                await taken.AssertProblemAsync(HttpStatusCode.Conflict, "conversations.taken");
            }
        }
    }

    [Fact]
    public async Task Unassign_InAutomaticQueue_WakesAutoAssignment()
    {
        var queue = await Seeder.QueueAsync("round_robin", 5);
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var supervisor = await Seeder.UserAsync("SUPERVISOR", queue);
        var connection = await Seeder.ConnectionAsync([queue]);
        var id = await Seeder.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);
        using var client = Client(supervisor.Token);

        Assert.Equal("UNASSIGNED", (await (await PostAsync(client, id, "unassign")).ReadJsonAsync()).GetProperty("status").GetString());

        // The background worker, woken by the give-back, hands it to the queue's only agent.
        await Eventually.TrueAsync(async () => await StateAsync(id) == $"OPEN:{agent.Id}:{queue}", "the worker assigned it to the queue's agent");

        // The audit row is written after the assignment commits (ADR 0005), so it may follow the state by a moment.
        await Eventually.TrueAsync(
            async () => await fixture.Database.QueryAsync(db => db.AuditLogs.CountAsync(
                a => a.Action == "AutoAssignConversations" && a.TargetId == id.ToString() && a.Reason == "auto_assign" && a.ActorId == "job:auto-assign")) == 1,
            "the auto-assignment audited once");
    }

    [Fact]
    public async Task Start_NewContact_Returns201OpenForTheCreatorAndQueuesTheTemplate()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var connection = await Seeder.ConnectionAsync([queue]);
        await fixture.App.SeedTemplateAsync(connection, "bienvenida", "es_AR", bodyVariables: 1);
        await fixture.App.SeedTemplateAsync(connection, "bienvenida", "es");
        await fixture.App.SeedTemplateAsync(connection, "seguimiento", "es");
        using var client = Client(agent.Token);
        var phone = ConversationSeeder.RandomNumber();

        var response = await client.PostAsJsonAsync("/api/v1/conversations", new
        {
            connectionId = connection,
            phone = $"+{phone[..2]} {phone[2..]}",
            template = new { name = "bienvenida", language = "es_AR", components = new[] { new { type = "body", parameters = new[] { new { type = "text", text = "Ana" } } } } },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/conversations/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("OPEN", body.GetProperty("status").GetString());
        Assert.Equal(agent.Id, body.GetProperty("assignee").GetProperty("id").GetGuid());
        Assert.Equal(phone, body.GetProperty("contact").GetProperty("waId").GetString());
        Assert.Equal(queue, body.GetProperty("queue").GetProperty("id").GetGuid());
        Assert.Equal("[template] bienvenida", body.GetProperty("lastMessagePreview").GetString());
        // Queued for the outbox (which may already be sending it: the status is the dispatcher's from here on).
        var queued = await fixture.Database.QueryAsync(db => db.Messages.SingleAsync(m => m.ConversationId == id));
        Assert.Equal(("template", MessageDirection.Outbound, "[template] bienvenida", (Guid?)agent.Id), (queued.Type, queued.Direction, queued.Text, queued.SenderUserId));
        var content = JsonDocument.Parse(queued.Content).RootElement;
        Assert.Equal("bienvenida", content.GetProperty("name").GetString());
        Assert.Equal("es_AR", content.GetProperty("language").GetProperty("code").GetString());
        Assert.Equal("Ana", content.GetProperty("components")[0].GetProperty("parameters")[0].GetProperty("text").GetString());
        Assert.Equal(id.ToString(), await fixture.Database.QueryAsync(db => db.AuditLogs
            .Where(a => a.Action == "StartConversation" && a.Outcome == AuditOutcome.Success)
            .OrderByDescending(a => a.Sequence)
            .Select(a => a.TargetId)
            .FirstOrDefaultAsync()));

        // Starting again while it is active answers 409 with its id; closed, it is reopened for the new creator.
        var again = await client.PostAsJsonAsync("/api/v1/conversations", new { connectionId = connection, phone, template = new { name = "bienvenida", language = "es" } });
        var problem = await again.AssertProblemAsync(HttpStatusCode.Conflict, "conversations.already_active");
        Assert.Equal(id.ToString(), problem.GetProperty("conversationId").GetString());

        using var admin = Client(fixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, id, "close")).StatusCode);
        var reopened = await admin.PostAsJsonAsync("/api/v1/conversations", new { connectionId = connection, phone, template = new { name = "seguimiento", language = "es" } });
        Assert.Equal(HttpStatusCode.Created, reopened.StatusCode);
        var reopenedBody = await reopened.ReadJsonAsync();
        Assert.Equal(id, reopenedBody.GetProperty("id").GetGuid());
        Assert.Equal("OPEN", reopenedBody.GetProperty("status").GetString());
        Assert.Equal(2, await fixture.Database.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == id && m.Direction == MessageDirection.Outbound && m.Type == "template")));
    }

    [Fact]
    public async Task Start_Refusals_Return4xxAndStoreNothing()
    {
        var q1 = await Seeder.QueueAsync();
        var q2 = await Seeder.QueueAsync();
        var other = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", q1);
        var twoQueues = await Seeder.ConnectionAsync([q1, q2]);
        var oneQueue = await Seeder.ConnectionAsync([q2]);
        var disabled = await Seeder.ConnectionAsync([q1], (c, now) => c.Disable(now));
        var deleted = await Seeder.ConnectionAsync([q1], (c, now) => c.Delete(now));
        var optedOut = ConversationSeeder.RandomNumber();
        await Seeder.ContactAsync(optedOut, optedOut: true);
        await fixture.App.SeedTemplateAsync(twoQueues, "bienvenida", "es");
        await fixture.App.SeedTemplateAsync(oneQueue, "bienvenida", "es");
        using var client = Client(agent.Token);
        using var admin = Client(fixture.AdminToken);
        var template = new { name = "bienvenida", language = "es" };
        var messagesBefore = await fixture.Database.QueryAsync(db => db.Messages.CountAsync());
        var conversationsBefore = await fixture.Database.QueryAsync(db => db.Conversations.CountAsync());

        async Task Expect(HttpClient c, object body, HttpStatusCode status, string code) =>
            await (await c.PostAsJsonAsync("/api/v1/conversations", body)).AssertProblemAsync(status, code);

        await Expect(client, new { connectionId = twoQueues, phone = ConversationSeeder.RandomNumber(), template }, HttpStatusCode.UnprocessableEntity, "conversations.queue_required");
        await Expect(client, new { connectionId = twoQueues, phone = ConversationSeeder.RandomNumber(), queueId = other, template }, HttpStatusCode.UnprocessableEntity, "conversations.queue_not_linked");
        await Expect(client, new { connectionId = oneQueue, phone = ConversationSeeder.RandomNumber(), template }, HttpStatusCode.UnprocessableEntity, "conversations.queue_not_allowed");
        await Expect(client, new { connectionId = disabled, phone = ConversationSeeder.RandomNumber(), template }, HttpStatusCode.UnprocessableEntity, "conversations.connection_unavailable");
        await Expect(client, new { connectionId = deleted, phone = ConversationSeeder.RandomNumber(), template }, HttpStatusCode.UnprocessableEntity, "conversations.connection_unavailable");
        await Expect(client, new { connectionId = Guid.NewGuid(), phone = ConversationSeeder.RandomNumber(), template }, HttpStatusCode.UnprocessableEntity, "conversations.connection_unavailable");
        await Expect(admin, new { connectionId = twoQueues, phone = optedOut, queueId = q1, template }, HttpStatusCode.UnprocessableEntity, "contacts.opted_out");
        await Expect(client, new { connectionId = twoQueues, phone = "12", queueId = q1, template }, HttpStatusCode.BadRequest, "validation_failed");
        await Expect(client, new { connectionId = twoQueues, phone = ConversationSeeder.RandomNumber(), queueId = q1, template = new { name = "Bad Name", language = "es" } }, HttpStatusCode.BadRequest, "validation_failed");
        await Expect(client, new { connectionId = twoQueues, phone = ConversationSeeder.RandomNumber(), queueId = q1, template = new { name = "ok", language = "es", components = "x" } }, HttpStatusCode.BadRequest, "validation_failed");
        await Expect(client, new { connectionId = twoQueues, phone = ConversationSeeder.RandomNumber(), queueId = q1 }, HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(messagesBefore, await fixture.Database.QueryAsync(db => db.Messages.CountAsync()));
        Assert.Equal(conversationsBefore, await fixture.Database.QueryAsync(db => db.Conversations.CountAsync()));

        // The agent's own queue, chosen explicitly, works.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/conversations", new { connectionId = twoQueues, phone = ConversationSeeder.RandomNumber(), queueId = q1, template })).StatusCode);
        Assert.Equal(ConnectionStatus.Disabled, await fixture.Database.QueryAsync(db => db.Connections.Where(c => c.Id == disabled).Select(c => c.Status).SingleAsync()));
    }
}
