using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Api.IntegrationTests.Realtime;

/// <summary>
/// Presence on the desk hub: who is online (supervisors see it, agents do not), availability, the expiry of an
/// instance that died, and auto-assignment that follows presence. A short presence TTL (6 s, heartbeat 2 s: long
/// enough that a dead instance's entry is still there when the monitor looks, on a busy machine too) and presence
/// required for auto-assignment (the product's default).
/// </summary>
public sealed class PresenceTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private WhatsSuiteApp _app = null!;
    private string _adminToken = string.Empty;
    private ConversationSeeder _seeder = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}");
        settings["REALTIME_PRESENCE_TTL_SECONDS"] = "6";
        settings["AUTO_ASSIGN_REQUIRE_PRESENCE"] = "true";
        _app = new WhatsSuiteApp(settings);

        // Only the presence monitor wakes auto-assignment in these tests, not the every-minute safety net.
        _app.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(AutoAssignBacklogJob.Name);
        using var client = _app.CreateClient();
        _adminToken = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        _seeder = new ConversationSeeder(_app, _adminToken);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static Func<JsonElement, bool> Presence(Guid userId, bool online, string? availability = null) => e =>
        e.GetProperty("type").GetString() == "presence.changed"
        && e.GetProperty("data").GetProperty("userId").GetGuid() == userId
        && e.GetProperty("data").GetProperty("online").GetBoolean() == online
        && (availability is null || e.GetProperty("data").GetProperty("availability").GetString() == availability);

    private async Task<JsonElement?> ListedAsync(string token, Guid userId)
    {
        using var client = _app.CreateClient().WithBearer(token);
        var response = await client.GetAsync("/api/v1/presence");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return body.EnumerateArray().Where(p => p.GetProperty("userId").GetGuid() == userId).Select(p => (JsonElement?)p).FirstOrDefault();
    }

    [Fact]
    public async Task Presence_AgentConnectsSetsAwayAndLeaves_SupervisorsHearAndListIt_AgentsDoNot()
    {
        var supervisor = await _seeder.UserAsync("SUPERVISOR");
        var agent = await _seeder.UserAsync("AGENTE");
        var colleague = await _seeder.UserAsync("AGENTE");
        await using var supervisorDesk = await DeskClient.ConnectAsync(_app, supervisor.Token);
        await using var colleagueDesk = await DeskClient.ConnectAsync(_app, colleague.Token);

        var agentDesk = await DeskClient.ConnectAsync(_app, agent.Token);
        await supervisorDesk.NextAsync(Presence(agent.Id, online: true, "available"), TimeSpan.FromSeconds(30));
        var listed = await ListedAsync(supervisor.Token, agent.Id);
        Assert.NotNull(listed);
        Assert.Equal(("available", 1, "AGENTE"), (listed.Value.GetProperty("availability").GetString(), listed.Value.GetProperty("connections").GetInt32(), listed.Value.GetProperty("role").GetString()));

        using var self = _app.CreateClient().WithBearer(agent.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await self.GetAsync("/api/v1/presence")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await self.PutAsJsonAsync("/api/v1/presence/me", new { availability = "busy" })).StatusCode);
        var away = await self.PutAsJsonAsync("/api/v1/presence/me", new { availability = "away" });
        Assert.Equal(HttpStatusCode.OK, away.StatusCode);
        var body = await away.ReadJsonAsync();
        Assert.Equal(("away", true), (body.GetProperty("availability").GetString(), body.GetProperty("online").GetBoolean()));
        await supervisorDesk.NextAsync(Presence(agent.Id, online: true, "away"), TimeSpan.FromSeconds(30));
        Assert.Equal(1, await _database.QueryAsync(db => db.AuditLogs.CountAsync(a =>
            a.Action == "SetAvailability" && a.TargetId == agent.Id.ToString() && a.ActorId == agent.Id.ToString() && a.Outcome == AuditOutcome.Success)));

        await agentDesk.DisposeAsync();
        await supervisorDesk.NextAsync(Presence(agent.Id, online: false), TimeSpan.FromSeconds(30));
        Assert.Null(await ListedAsync(supervisor.Token, agent.Id));
        Assert.DoesNotContain(colleagueDesk.Received.ToList(), e => e.GetProperty("type").GetString() == "presence.changed");
    }

    [Fact]
    public async Task Presence_InstanceDiedWithAConnection_UserGoesOfflineWithinTheTtl()
    {
        var supervisor = await _seeder.UserAsync("SUPERVISOR");
        var agent = await _seeder.UserAsync("AGENTE");
        await using var supervisorDesk = await DeskClient.ConnectAsync(_app, supervisor.Token);

        // A connection recorded by an instance that then died: nobody refreshes or removes it.
        await _app.Services.GetRequiredService<IPresenceRegistry>().AddAsync(agent.Id, "connection-of-a-dead-instance", CancellationToken.None);
        _app.Services.GetRequiredService<IPresenceRegistry>().NotifyChanged();
        await supervisorDesk.NextAsync(Presence(agent.Id, online: true), TimeSpan.FromSeconds(30));

        await supervisorDesk.NextAsync(Presence(agent.Id, online: false), TimeSpan.FromSeconds(30));
        Assert.Null(await ListedAsync(supervisor.Token, agent.Id));
    }

    [Fact]
    public async Task AutoAssign_AgentComesOnline_BacklogIsDistributed_LastAgentOffline_NothingIsAssigned()
    {
        var queue = await _seeder.QueueAsync("round_robin", 5);
        var agent = await _seeder.UserAsync("AGENTE", queue);
        var connection = await _seeder.ConnectionAsync([queue]);
        var waiting = await _seeder.ConversationAsync(connection, queue);
        var runner = _app.Services.GetRequiredService<AutoAssignmentRunner>();

        Assert.Equal(0, await runner.RunOnceAsync(CancellationToken.None));
        Assert.Equal(ConversationStatus.UNASSIGNED, await _database.QueryAsync(db => db.Conversations.Where(c => c.Id == waiting).Select(c => c.Status).SingleAsync()));

        await using (var desk = await DeskClient.ConnectAsync(_app, agent.Token))
        {
            // Nothing else wakes auto-assignment here: the presence monitor does, when the agent comes online.
            await Eventually.TrueAsync(
                () => _database.QueryAsync(db => db.Conversations.AnyAsync(c => c.Id == waiting && c.AssigneeId == agent.Id && c.Status == ConversationStatus.OPEN)),
                "the waiting conversation is assigned to the agent who came online");
        }

        await Eventually.TrueAsync(
            () => _database.QueryAsync(db => db.AuditLogs.AnyAsync(a =>
                a.Action == "AutoAssignConversations" && a.ActorId == "job:auto-assign" && a.TargetType == "conversation" && a.Reason == "auto_assign" && a.Outcome == AuditOutcome.Success)),
            "the assignment is audited as job:auto-assign");
        await Eventually.TrueAsync(async () => await ListedAsync(_adminToken, agent.Id) is null, "the agent is offline");
        var later = await _seeder.ConversationAsync(connection, queue);
        Assert.Equal(0, await runner.RunOnceAsync(CancellationToken.None));
        Assert.Equal(ConversationStatus.UNASSIGNED, await _database.QueryAsync(db => db.Conversations.Where(c => c.Id == later).Select(c => c.Status).SingleAsync()));
    }
}
