using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.AutoAssignConversations;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Api.IntegrationTests.Conversations;

/// <summary>
/// Auto-assignment run directly as the system actor, on an instance whose background runners are off so
/// that every run is the test's own.
/// </summary>
public sealed class AutoAssignmentTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private WhatsSuiteApp _app = null!;
    private string _adminToken = string.Empty;
    private ConversationSeeder _seeder = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = StartWithoutRunners(new Dictionary<string, string?>());
        using var client = _app.CreateClient();
        _adminToken = (await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        _seeder = new ConversationSeeder(_app, _adminToken);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private WhatsSuiteApp StartWithoutRunners(Dictionary<string, string?> extra, string instanceId = "test-1")
    {
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}", instanceId);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var app = new WhatsSuiteApp(settings, services =>
        {
            foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(AutoAssignmentWorker)).ToList())
            {
                services.Remove(worker);
            }
        });
        app.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(AutoAssignBacklogJob.Name);
        return app;
    }

    private static async Task<int> RunAsync(WhatsSuiteApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System("auto-assign-test"));
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AutoAssignConversationsCommand());
        Assert.True(result.IsSuccess);
        return result.Value;
    }

    private async Task<string> StateAsync(Guid id)
    {
        var state = await _database.QueryAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => new { c.Status, c.AssigneeId }).SingleAsync());
        return $"{state.Status}:{state.AssigneeId?.ToString() ?? "-"}";
    }

    private Task<Guid?> AssigneeAsync(Guid id) =>
        _database.QueryAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.AssigneeId).SingleAsync());

    private async Task<Guid?[]> AssigneesAsync(IEnumerable<Guid> ids)
    {
        var assignees = new List<Guid?>();
        foreach (var id in ids)
        {
            assignees.Add(await AssigneeAsync(id));
        }

        return [.. assignees];
    }

    private async Task<List<Guid>> WaitingAsync(Guid connection, Guid queue, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await _seeder.ConversationAsync(connection, queue));
        }

        return ids;
    }

    [Fact]
    public async Task RoundRobin_Rotation_ContinuesAfterTheLastAgentAndSkipsOthers()
    {
        var queue = await _seeder.QueueAsync("round_robin", 10);
        var agents = new List<SignedInUser>();
        for (var i = 0; i < 3; i++)
        {
            agents.Add(await _seeder.UserAsync("AGENTE", queue));
        }

        await _seeder.UserAsync("SUPERVISOR", queue);
        var inactive = await _seeder.UserAsync("AGENTE", queue);
        using (var admin = _app.CreateClient().WithBearer(_adminToken))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{inactive.Id}/deactivate", null)).StatusCode);
        }

        var order = agents.Select(a => a.Id).Order().ToList();
        var connection = await _seeder.ConnectionAsync([queue]);
        var first = await WaitingAsync(connection, queue, 4);

        Assert.Equal(4, await RunAsync(_app));
        Assert.Equal(new Guid?[] { order[0], order[1], order[2], order[0] }, await AssigneesAsync(first));

        var second = await WaitingAsync(connection, queue, 2);
        Assert.Equal(2, await RunAsync(_app));
        Assert.Equal(new Guid?[] { order[1], order[2] }, await AssigneesAsync(second));
        Assert.Equal(6, await _database.QueryAsync(db => db.AuditLogs.CountAsync(a =>
            a.Action == "AutoAssignConversations" && a.ActorId == "job:auto-assign-test" && a.TargetType == "conversation" && a.Reason == "auto_assign" && a.Outcome == AuditOutcome.Success)));
        Assert.Equal(order[2], await _database.QueryAsync(db => db.Queues.Where(q => q.Id == queue).Select(q => q.LastAutoAssignedUserId).SingleAsync()));
    }

    [Fact]
    public async Task LeastBusy_Balance_GoesToTheFewestOpenThenTheLeastRecentlyAssigned()
    {
        var queue = await _seeder.QueueAsync("least_busy", 5);
        var busy = await _seeder.UserAsync("AGENTE", queue);
        var idle = await _seeder.UserAsync("AGENTE", queue);
        var one = await _seeder.UserAsync("AGENTE", queue);
        var connection = await _seeder.ConnectionAsync([queue]);
        await _seeder.ConversationAsync(connection, queue, ConversationStatus.OPEN, busy.Id);
        await _seeder.ConversationAsync(connection, queue, ConversationStatus.OPEN, busy.Id);
        await _seeder.ConversationAsync(connection, queue, ConversationStatus.OPEN, one.Id);
        var waiting = await WaitingAsync(connection, queue, 3);

        Assert.Equal(3, await RunAsync(_app));

        // idle (0) first; then idle and one tie at 1 and one was assigned longer ago; then idle again (1 vs 2 and 2).
        Assert.Equal(new Guid?[] { idle.Id, one.Id, idle.Id }, await AssigneesAsync(waiting));
    }

    [Fact]
    public async Task Capacity_Full_LeavesConversationsWaiting()
    {
        var queue = await _seeder.QueueAsync("round_robin", 1);
        var full = await _seeder.UserAsync("AGENTE", queue);
        var free = await _seeder.UserAsync("AGENTE", queue);
        var connection = await _seeder.ConnectionAsync([queue]);
        await _seeder.ConversationAsync(connection, queue, ConversationStatus.OPEN, full.Id);
        var waiting = await WaitingAsync(connection, queue, 3);

        Assert.Equal(1, await RunAsync(_app));

        Assert.Equal($"OPEN:{free.Id}", await StateAsync(waiting[0]));
        Assert.Equal("UNASSIGNED:-", await StateAsync(waiting[1]));
        Assert.Equal("UNASSIGNED:-", await StateAsync(waiting[2]));
        Assert.Equal(0, await RunAsync(_app));
    }

    [Fact]
    public async Task ManualQueueAndQueueWithoutEligibleAgents_AreLeftAlone()
    {
        var manual = await _seeder.QueueAsync("manual", 5);
        await _seeder.UserAsync("AGENTE", manual);
        var supervisorsOnly = await _seeder.QueueAsync("least_busy", 5);
        await _seeder.UserAsync("SUPERVISOR", supervisorsOnly);
        var connection = await _seeder.ConnectionAsync([manual, supervisorsOnly]);
        var inManual = await _seeder.ConversationAsync(connection, manual);
        var inSupervisorsOnly = await _seeder.ConversationAsync(connection, supervisorsOnly);

        Assert.Equal(0, await RunAsync(_app));

        Assert.Equal("UNASSIGNED:-", await StateAsync(inManual));
        Assert.Equal("UNASSIGNED:-", await StateAsync(inSupervisorsOnly));
    }

    [Fact]
    public async Task RequirePresence_BothStrategies_ChooseOnlyOnlineAvailableAgents_AndNobodyWhenNoneIsOnline()
    {
        await using var present = StartWithoutRunners(new Dictionary<string, string?> { ["AUTO_ASSIGN_REQUIRE_PRESENCE"] = "true" }, "presence");
        var registry = present.Services.GetRequiredService<IPresenceRegistry>();
        var roundRobin = await _seeder.QueueAsync("round_robin", 5);
        var leastBusy = await _seeder.QueueAsync("least_busy", 5);
        var online = await _seeder.UserAsync("AGENTE", roundRobin, leastBusy);
        var offline = await _seeder.UserAsync("AGENTE", roundRobin, leastBusy);
        var away = await _seeder.UserAsync("AGENTE", roundRobin, leastBusy);
        await registry.AddAsync(online.Id, "online-1", CancellationToken.None);
        await registry.AddAsync(away.Id, "away-1", CancellationToken.None);
        using (var awayClient = _app.CreateClient().WithBearer(away.Token))
        {
            Assert.Equal(HttpStatusCode.OK, (await awayClient.PutAsJsonAsync("/api/v1/presence/me", new { availability = "away" })).StatusCode);
        }

        var connection = await _seeder.ConnectionAsync([roundRobin, leastBusy]);
        var waiting = (await WaitingAsync(connection, roundRobin, 2)).Concat(await WaitingAsync(connection, leastBusy, 2)).ToList();

        Assert.Equal(4, await RunAsync(present));
        Assert.All(await AssigneesAsync(waiting), assignee => Assert.Equal(online.Id, assignee));

        await registry.RemoveAsync(online.Id, "online-1", CancellationToken.None);
        var later = await WaitingAsync(connection, roundRobin, 1);
        Assert.Equal(0, await RunAsync(present));
        Assert.Equal("UNASSIGNED:-", await StateAsync(later[0]));

        // The same backlog with presence not required: the offline agent is chosen, the away one still is not.
        Assert.Equal(1, await RunAsync(_app));
        Assert.Equal(offline.Id, await AssigneeAsync(later[0]));
    }

    [Fact]
    public async Task Disabled_AssignsNothing()
    {
        var queue = await _seeder.QueueAsync("round_robin", 5);
        await _seeder.UserAsync("AGENTE", queue);
        var connection = await _seeder.ConnectionAsync([queue]);
        var waiting = await _seeder.ConversationAsync(connection, queue);
        await using var disabled = StartWithoutRunners(new Dictionary<string, string?> { ["AUTO_ASSIGN_ENABLED"] = "false" }, "test-2");

        Assert.Equal(0, await RunAsync(disabled));

        Assert.Equal("UNASSIGNED:-", await StateAsync(waiting));
        Assert.Equal(1, await RunAsync(_app));
    }
}
