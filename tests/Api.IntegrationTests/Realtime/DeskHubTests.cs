using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.EnforceInactivity;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Api.IntegrationTests.Realtime;

/// <summary>The desk hub: who may connect, when a connection is closed, and who hears about what.</summary>
public sealed class DeskHubTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private WhatsSuiteApp App => fixture.App;

    private ConversationSeeder Seeder { get; } = new(fixture.App, fixture.AdminToken);

    [Fact]
    public async Task Connect_BearerToken_ConnectsAndQueryTokenOverWebSocketsIsNeverLogged()
    {
        var agent = await App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        await using var byHeader = await DeskClient.ConnectAsync(App, agent.Token);
        await using var byQuery = await DeskClient.ConnectAsync(App, agent.Token, webSocketQueryToken: true);

        Assert.Equal(HubConnectionState.Connected, byHeader.Connection.State);
        Assert.Equal(HubConnectionState.Connected, byQuery.Connection.State);
        Assert.DoesNotContain(App.Logs, line => line.Contains(agent.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(App.Logs, line => line.Contains("access_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_RevokedForgedOrMissingToken_IsRefused()
    {
        var agent = await App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using (var client = App.CreateClient().WithBearer(agent.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        }

        var forged = agent.Token[..^4] + (agent.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        foreach (var token in new[] { agent.Token, forged, string.Empty })
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => DeskClient.ConnectAsync(App, token));
            Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        }
    }

    [Fact]
    public async Task Connect_ApiKeyOrPendingPasswordChange_IsRefused()
    {
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var email = $"pending-{Guid.NewGuid():N}@example.test";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/users", new { email, fullName = "Pending", role = "AGENTE", password = "Temporary-password-1" })).StatusCode);
        using var anonymous = App.CreateClient();
        var pending = await anonymous.LoginAsync(email, "Temporary-password-1");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => DeskClient.ConnectAsync(App, pending.AccessToken));
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Connect_BeyondThePerUserLimit_IsClosed()
    {
        var settings = WhatsSuiteApp.ServerSettings(fixture.Database, fixture.RedisPrefix, "limited");
        settings["REALTIME_MAX_CONNECTIONS_PER_USER"] = "1";
        await using var limited = new WhatsSuiteApp(settings);
        var agent = await App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        await using var first = await DeskClient.ConnectAsync(limited, agent.Token);
        await using var second = await DeskClient.ConnectAsync(limited, agent.Token);

        await second.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Connected, first.Connection.State);
        Assert.Contains(limited.Logs, line => line.Contains("too_many_connections", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_BeyondThePerMinuteBudget_AreRefusedUntilTheNextMinute()
    {
        var agent = await App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var clock = new ManualClock(TimeSpan.Zero);
        var settings = WhatsSuiteApp.ServerSettings(fixture.Database, fixture.RedisPrefix, "budget");
        settings["REALTIME_CLIENT_CALLS_PER_MINUTE"] = "3";
        await using var budgeted = new WhatsSuiteApp(settings, services => services.AddSingleton<TimeProvider>(clock));

        // Connecting makes the first call (Resume), as a desk does.
        await using var desk = await DeskClient.ConnectAsync(budgeted, agent.Token);
        await desk.ResumeAsync(null);
        await desk.ResumeAsync(null);
        var refused = await Assert.ThrowsAsync<HubException>(() => desk.ResumeAsync(null));

        Assert.Contains("rate_limited", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, desk.Connection.State);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(JsonValueKind.Object, (await desk.ResumeAsync(null)).ValueKind);
    }

    [Theory]
    [InlineData("force-logout")]
    [InlineData("deactivate")]
    [InlineData("password-change")]
    [InlineData("logout")]
    [InlineData("revoke-session")]
    public async Task SessionEnds_OpenConnection_IsClosedAtOnce(string how)
    {
        var agent = await App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        await using var desk = await DeskClient.ConnectAsync(App, agent.Token);
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        using var self = App.CreateClient().WithBearer(agent.Token);
        var watch = Stopwatch.StartNew();

        var response = how switch
        {
            "force-logout" => await admin.PostAsync($"/api/v1/users/{agent.Id}/force-logout", null),
            "deactivate" => await admin.PostAsync($"/api/v1/users/{agent.Id}/deactivate", null),
            "password-change" => await self.PostAsJsonAsync("/api/v1/auth/change-password", new { currentPassword = SignedInUser.Password, newPassword = "Another-password-77" }),
            "logout" => await self.PostAsync("/api/v1/auth/logout", null),
            _ => await self.DeleteAsync($"/api/v1/auth/sessions/{await CurrentSessionAsync(self)}"),
        };
        Assert.True(response.IsSuccessStatusCode, $"{how} answered {response.StatusCode}");

        // Far below the periodic session check (60 s): the close is immediate.
        await desk.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SessionEnds_WhileTheConnectionRegisters_IsClosedAtOnce()
    {
        // The handshake is done (the client is connected) and the hub has not registered the connection yet when the
        // session ends: the announcement finds nothing to close.
        var hold = new HoldOnConnected();
        await using var registering = new WhatsSuiteApp(
            WhatsSuiteApp.ServerSettings(fixture.Database, fixture.RedisPrefix, "registering"),
            services => services.Configure<HubOptions>(options => options.AddFilter(hold)));
        var agent = await App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var announced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        registering.Services.GetRequiredService<SessionEndBus>().Received += notice =>
        {
            if (notice.UserId == agent.Id)
            {
                announced.TrySetResult();
            }
        };
        // Over WebSockets: long polling authenticates every poll again, which a revoked token fails.
        var connecting = DeskClient.ConnectAsync(registering, agent.Token, webSocketQueryToken: true);
        await hold.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{agent.Id}/force-logout", null)).StatusCode);
        await announced.Task.WaitAsync(TimeSpan.FromSeconds(10));
        hold.Release.SetResult();
        await using var desk = await connecting;

        // Far below the periodic session check (60 s): the hub checks the session once the connection is registered.
        await desk.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(registering.Logs, line => line.Contains("session_ended", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Close_ByTheInactivityJobOrByAnAgent_TheEventSaysWhoClosedItAndWhy()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var connection = await Seeder.ConnectionAsync([queue]);
        var manual = await Seeder.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);
        var idle = await Seeder.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);
        await using var adminDesk = await DeskClient.ConnectAsync(App, fixture.AdminToken);
        using var agentClient = App.CreateClient().WithBearer(agent.Token);
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);

        Assert.Equal(HttpStatusCode.OK, (await agentClient.PostAsync($"/api/v1/conversations/{manual}/close", null)).StatusCode);
        var byAgent = (await adminDesk.NextAsync("conversation.closed", manual)).GetProperty("data");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/queues/{queue}/inactivity", new { warnMinutes = 0, closeMinutes = 60 })).StatusCode);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(InactivityJob.Name));
            Assert.True((await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new EnforceInactivityCommand())).IsSuccess);
        }

        var bySystem = (await adminDesk.NextAsync("conversation.closed", idle)).GetProperty("data");

        Assert.Equal("manual", byAgent.GetProperty("conversation").GetProperty("closedReason").GetString());
        Assert.Equal("user", byAgent.GetProperty("changedBy").GetProperty("kind").GetString());
        Assert.Equal(agent.Id, byAgent.GetProperty("changedBy").GetProperty("userId").GetGuid());
        Assert.Equal("inactivity", bySystem.GetProperty("conversation").GetProperty("closedReason").GetString());
        Assert.Equal("system", bySystem.GetProperty("changedBy").GetProperty("kind").GetString());
        Assert.Equal("job:inactivity", bySystem.GetProperty("changedBy").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, bySystem.GetProperty("changedBy").GetProperty("userId").ValueKind);
    }

    [Fact]
    public async Task InboundWebhook_AgentsOfTheQueue_ReceiveTheMessageAtOnce_OthersNothing()
    {
        var queue = await Seeder.QueueAsync();
        var otherQueue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var outsider = await Seeder.UserAsync("AGENTE", otherQueue);
        var connection = await App.SeedConnectionAsync(queueIds: queue);
        await using var agentDesk = await DeskClient.ConnectAsync(App, agent.Token);
        await using var outsiderDesk = await DeskClient.ConnectAsync(App, outsider.Token);
        await using var adminDesk = await DeskClient.ConnectAsync(App, fixture.AdminToken);
        using var client = App.CreateClient();

        // The first message warms the path up (code loaded and compiled on first use); the second is timed.
        var customer = ConversationSeeder.RandomNumber();
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connection, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "warm-up", customer))).StatusCode);
        await agentDesk.NextAsync(e => e.GetProperty("type").GetString() == "message.new" && e.GetProperty("data").GetProperty("text").GetString() == "warm-up");
        var text = $"hello {Guid.NewGuid():N}";
        var acknowledged = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connection, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", text, customer))).StatusCode);
        acknowledged.Restart();
        var stored = Task.Run(async () =>
        {
            await Eventually.TrueAsync(() => App.QueryAsync(db => db.Messages.AnyAsync(m => m.Text == text)), "stored");
            return acknowledged.Elapsed;
        });
        var message = await agentDesk.NextAsync(e => e.GetProperty("type").GetString() == "message.new" && e.GetProperty("data").GetProperty("text").GetString() == text, TimeSpan.FromSeconds(10));
        var latency = acknowledged.Elapsed;
        var conversationId = DeskClient.ConversationOf(message)!.Value;

        // The desk aims at well under a second; the bound here leaves room for a CI
        // machine running test classes side by side, and still fails when delivery waits for a poll or a periodic job.
        Assert.True(latency < TimeSpan.FromSeconds(3), $"The event arrived {latency.TotalMilliseconds} ms after the acknowledgement (stored after {(await stored).TotalMilliseconds} ms).");
        Assert.Equal("in", message.GetProperty("data").GetProperty("direction").GetString());
        Assert.Contains(conversationId, agentDesk.View);
        await adminDesk.NextAsync("message.new", conversationId);

        // The outsider sees nothing of it: a later event for them proves their stream is flowing.
        var ownConversation = await Seeder.ConversationAsync(await Seeder.ConnectionAsync([otherQueue]), otherQueue);
        using var outsiderClient = App.CreateClient().WithBearer(outsider.Token);
        Assert.Equal(HttpStatusCode.OK, (await outsiderClient.PostAsync($"/api/v1/conversations/{ownConversation}/assign", null)).StatusCode);
        await outsiderDesk.NextAsync("conversation.assigned", ownConversation);
        Assert.DoesNotContain(outsiderDesk.Received, e => DeskClient.ConversationOf(e) == conversationId);
    }

    [Fact]
    public async Task StatusWebhooks_AgentsOfTheQueue_HearEachMoveOfTheMessage_OthersNothing()
    {
        var queue = await Seeder.QueueAsync();
        var otherQueue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var outsider = await Seeder.UserAsync("AGENTE", otherQueue);
        var connection = await App.SeedConnectionAsync(queueIds: queue);
        var conversationId = await Seeder.ConversationAsync(connection, queue);
        var wamid = $"wamid.out.{Guid.NewGuid():N}";
        var messageId = await App.WithDbAsync(async (db, _) =>
        {
            var now = DateTimeOffset.UtcNow;
            var message = Message.Outbound(conversationId, connection, MessageTypes.Text, "Your order shipped", """{"body":"Your order shipped"}""", null, now);
            message.MarkAccepted(wamid, now);
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });
        await using var agentDesk = await DeskClient.ConnectAsync(App, agent.Token);
        await using var outsiderDesk = await DeskClient.ConnectAsync(App, outsider.Token);
        using var client = App.CreateClient();

        // WhatsApp's receipts (the ticks an agent watches): delivered, then read, then a late "delivered" that moves nothing.
        // Each is sent once the previous one was heard: receipts that reach one batch of the inbox together are applied
        // together (ADR 0067), and the desk then hears the message's latest status only.
        var at = DateTimeOffset.UtcNow;
        bool StatusOf(JsonElement e, string status) =>
            e.GetProperty("type").GetString() == "message.status" && e.GetProperty("data").GetProperty("id").GetGuid() == messageId && e.GetProperty("data").GetProperty("status").GetString() == status;
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connection, MetaPayloads.StatusDelivery(wamid, "delivered", at.AddSeconds(1)))).StatusCode);
        var delivered = await agentDesk.NextAsync(e => StatusOf(e, "delivered"));
        Assert.Equal(conversationId, delivered.GetProperty("data").GetProperty("conversationId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connection, MetaPayloads.StatusDelivery(wamid, "read", at.AddSeconds(2)))).StatusCode);
        await agentDesk.NextAsync(e => StatusOf(e, "read"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connection, MetaPayloads.StatusDelivery(wamid, "delivered", at.AddSeconds(3)))).StatusCode);
        await App.WaitForInboxDrainedAsync();

        var ownConversation = await Seeder.ConversationAsync(await Seeder.ConnectionAsync([otherQueue]), otherQueue);
        using var outsiderClient = App.CreateClient().WithBearer(outsider.Token);
        Assert.Equal(HttpStatusCode.OK, (await outsiderClient.PostAsync($"/api/v1/conversations/{ownConversation}/assign", null)).StatusCode);
        await outsiderDesk.NextAsync("conversation.assigned", ownConversation);
        Assert.DoesNotContain(outsiderDesk.Received, e => e.GetProperty("type").GetString() == "message.status");
        Assert.Equal(2, agentDesk.Received.Count(e => e.GetProperty("type").GetString() == "message.status"));
    }

    [Fact]
    public async Task Transfer_OldAgent_IsToldToDropTheConversation_NewQueueHearsOfIt()
    {
        var from = await Seeder.QueueAsync();
        var to = await Seeder.QueueAsync();
        var oldAgent = await Seeder.UserAsync("AGENTE", from);
        var newAgent = await Seeder.UserAsync("AGENTE", to);
        var conversation = await Seeder.ConversationAsync(await Seeder.ConnectionAsync([from, to]), from, ConversationStatus.OPEN, oldAgent.Id);
        await using var oldDesk = await DeskClient.ConnectAsync(App, oldAgent.Token);
        await using var newDesk = await DeskClient.ConnectAsync(App, newAgent.Token);

        await TransferAsync(conversation, to);

        var removed = await oldDesk.NextAsync("conversation.removed", conversation);
        Assert.Equal("conversation.transferred", removed.GetProperty("data").GetProperty("reason").GetString());
        var transferred = await newDesk.NextAsync("conversation.transferred", conversation);
        Assert.Equal(from, transferred.GetProperty("data").GetProperty("previousQueueId").GetGuid());
        Assert.Equal(removed.GetProperty("seq").GetInt64(), transferred.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Events_OfOneConversation_CarryConsecutiveSequenceNumbers()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var conversation = await Seeder.ConversationAsync(await Seeder.ConnectionAsync([queue]), queue);
        await using var desk = await DeskClient.ConnectAsync(App, fixture.AdminToken);
        using var agentClient = App.CreateClient().WithBearer(agent.Token);

        Assert.Equal(HttpStatusCode.OK, (await agentClient.PostAsync($"/api/v1/conversations/{conversation}/assign", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agentClient.PostAsync($"/api/v1/conversations/{conversation}/unassign", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agentClient.PostAsync($"/api/v1/conversations/{conversation}/assign", null)).StatusCode);

        var seqs = new List<long>();
        foreach (var type in new[] { "conversation.assigned", "conversation.unassigned", "conversation.assigned" })
        {
            seqs.Add((await desk.NextAsync(type, conversation)).GetProperty("seq").GetInt64());
        }

        Assert.Equal([seqs[0], seqs[0] + 1, seqs[0] + 2], seqs);
    }

    [Fact]
    public async Task RefusedCommand_RolledBack_EmitsNothing()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var other = await Seeder.UserAsync("AGENTE", queue);
        var conversation = await Seeder.ConversationAsync(await Seeder.ConnectionAsync([queue]), queue, ConversationStatus.OPEN, other.Id);
        await using var desk = await DeskClient.ConnectAsync(App, fixture.AdminToken);
        using var agentClient = App.CreateClient().WithBearer(agent.Token);

        // Taken by someone else: refused, nothing committed.
        Assert.Equal(HttpStatusCode.Conflict, (await agentClient.PostAsync($"/api/v1/conversations/{conversation}/assign", null)).StatusCode);
        using var holder = App.CreateClient().WithBearer(other.Token);
        Assert.Equal(HttpStatusCode.OK, (await holder.PostAsync($"/api/v1/conversations/{conversation}/unassign", null)).StatusCode);
        var first = await desk.NextAsync(e => DeskClient.ConversationOf(e) == conversation);

        Assert.Equal("conversation.unassigned", first.GetProperty("type").GetString());
        Assert.Equal(1, first.GetProperty("seq").GetInt64());
    }

    private async Task TransferAsync(Guid conversation, Guid queue)
    {
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var response = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation}/transfer", new { toQueueId = queue });
        Assert.True(response.IsSuccessStatusCode, $"transfer answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> CurrentSessionAsync(HttpClient client)
    {
        var sessions = await (await client.GetAsync("/api/v1/auth/sessions")).ReadJsonAsync();
        return sessions.EnumerateArray().Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// The property: after any sequence of actions (take, transfer, close, reopen, queue membership changes, inbound
    /// messages, new customers), the conversations each client holds (what it loaded at connect, plus what it heard
    /// about, minus what it was told to drop, reloaded when told to) are exactly what <c>GET /conversations</c> shows it.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomActions_HeardMinusDropped_EqualsTheRestList(int seed)
    {
        var random = new Random(seed);
        var q1 = await Seeder.QueueAsync();
        var q2 = await Seeder.QueueAsync();
        var users = new[]
        {
            await Seeder.UserAsync("AGENTE", q1),
            await Seeder.UserAsync("AGENTE", q1, q2),
            await Seeder.UserAsync("AGENTE", q2),
            await Seeder.UserAsync("SUPERVISOR", q1),
        };
        var connection = await App.SeedConnectionAsync(queueIds: [q1, q2]);
        var customers = new List<string>();
        var conversations = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var customer = ConversationSeeder.RandomNumber();
            customers.Add(customer);
            var status = random.Next(0, 3) switch { 0 => ConversationStatus.UNASSIGNED, 1 => ConversationStatus.OPEN, _ => ConversationStatus.CLOSED };
            conversations.Add(await Seeder.ConversationAsync(connection, i % 2 == 0 ? q1 : q2, status, status == ConversationStatus.OPEN ? users[random.Next(2)].Id : null, await Seeder.ContactAsync(customer)));
        }

        var desks = new List<(SignedInUser User, DeskClient Desk, HttpClient Http)>();
        foreach (var user in users)
        {
            var http = App.CreateClient().WithBearer(user.Token);
            var desk = await DeskClient.ConnectAsync(App, user.Token);
            desk.Reload = async () => await ListAsync(http, connection);
            desk.Load(await ListAsync(http, connection));
            desks.Add((user, desk, http));
        }

        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        using var webhooks = App.CreateClient();
        var log = new List<string>();
        for (var step = 0; step < 25; step++)
        {
            var conversation = conversations[random.Next(conversations.Count)];
            var actor = desks[random.Next(desks.Count)];
            switch (random.Next(7))
            {
                case 0:
                    log.Add($"take {conversation} by {actor.User.Id}: {(await actor.Http.PostAsync($"/api/v1/conversations/{conversation}/assign", null)).StatusCode}");
                    break;
                case 1:
                    var queue = random.Next(2) == 0 ? q1 : q2;
                    log.Add($"transfer {conversation} to {queue}: {(await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation}/transfer", new { toQueueId = queue })).StatusCode}");
                    break;
                case 2:
                    log.Add($"close {conversation}: {(await admin.PostAsync($"/api/v1/conversations/{conversation}/close", null)).StatusCode}");
                    break;
                case 3:
                    log.Add($"reopen {conversation}: {(await admin.PostAsync($"/api/v1/conversations/{conversation}/reopen", null)).StatusCode}");
                    break;
                case 4:
                    var (member, memberQueue) = (desks[random.Next(desks.Count)].User, random.Next(2) == 0 ? q1 : q2);
                    var join = random.Next(2) == 0;
                    var path = $"/api/v1/queues/{memberQueue}/members/{member.Id}";
                    log.Add($"{(join ? "join" : "leave")} {member.Id} {memberQueue}: {(join ? await admin.PutAsync(path, null) : await admin.DeleteAsync(path)).StatusCode}");
                    break;
                case 5:
                    var customer = customers[random.Next(customers.Count)];
                    log.Add($"inbound from {customer}: {(await webhooks.PostWebhookAsync(connection, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", $"step {step}", customer))).StatusCode}");
                    break;
                default:
                    var newcomer = ConversationSeeder.RandomNumber();
                    customers.Add(newcomer);
                    log.Add($"new customer {newcomer}: {(await webhooks.PostWebhookAsync(connection, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "hi", newcomer))).StatusCode}");
                    break;
            }
        }

        await App.WaitForInboxDrainedAsync();
        foreach (var (user, desk, http) in desks)
        {
            HashSet<Guid> expected = [];
            await Eventually.TrueAsync(
                async () =>
                {
                    expected = await ListAsync(http, connection);
                    return desk.View.SetEquals(expected);
                },
                $"the view of {user.Id} matches GET /conversations (seed {seed}):\n{string.Join('\n', log)}\nview: {string.Join(", ", desk.View)}\nlist: {string.Join(", ", expected)}",
                TimeSpan.FromSeconds(20));
            await desk.DisposeAsync();
            http.Dispose();
        }
    }

    private static async Task<HashSet<Guid>> ListAsync(HttpClient client, Guid connection)
    {
        var response = await client.GetAsync($"/api/v1/conversations?connectionId={connection}&pageSize=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
    }

    /// <summary>Holds every connection between the handshake and the hub's <c>OnConnectedAsync</c> until released.</summary>
    private sealed class HoldOnConnected : IHubFilter
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            ArgumentNullException.ThrowIfNull(next);
            Reached.TrySetResult();
            await Release.Task;
            await next(context);
        }
    }
}
