using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Security;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Desk;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Api.IntegrationTests.Realtime;

/// <summary>Two instances on one Redis behave as one desk: events and session ends cross between them.</summary>
public sealed class DeskTwoInstancesTests(TwoInstancesFixture fixture) : IClassFixture<TwoInstancesFixture>
{
    [Fact]
    public async Task NumberAsync_StepsOfSeveralConversationsOnBothInstances_NumberAsIfTakenOneByOne()
    {
        var a = fixture.A.Services.GetRequiredService<IDeskSequencer>();
        var b = fixture.B.Services.GetRequiredService<IDeskSequencer>();
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), untouched = Guid.NewGuid();

        var onA = await a.NumberAsync(
            [new(first, true), new(first, false), new(second, true), new(first, true), new(second, false), new(untouched, false)],
            CancellationToken.None);
        var onB = await b.NumberAsync([new(first, true), new(second, false)], CancellationToken.None);

        Assert.Equal([1L, 1, 1, 2, 1, 0], onA);
        Assert.Equal([3L, 1], onB);
        Assert.Equal(3, await a.CurrentAsync(first, CancellationToken.None));
    }

    [Fact]
    public async Task Event_RaisedOnA_ReachesAClientConnectedToB()
    {
        var seeder = new ConversationSeeder(fixture.A, fixture.AdminToken);
        var queue = await seeder.QueueAsync();
        var agent = await seeder.UserAsync("AGENTE", queue);
        var conversation = await seeder.ConversationAsync(await seeder.ConnectionAsync([queue]), queue);
        await using var onB = await DeskClient.ConnectAsync(fixture.B, agent.Token);
        using var onA = fixture.A.CreateClient().WithBearer(agent.Token);

        Assert.Equal(HttpStatusCode.OK, (await onA.PostAsync($"/api/v1/conversations/{conversation}/assign", null)).StatusCode);

        var assigned = await onB.NextAsync("conversation.assigned", conversation);
        Assert.Equal(agent.Id, assigned.GetProperty("data").GetProperty("conversation").GetProperty("assigneeId").GetGuid());
        Assert.Equal(nameof(ConversationStatus.OPEN), assigned.GetProperty("data").GetProperty("conversation").GetProperty("status").GetString());
    }

    [Fact]
    public async Task CampaignProgress_TwoInstancesPublishing_OneEventPerSecondReachesClientsOnBoth()
    {
        var supervisor = await fixture.A.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        using var admin = fixture.A.CreateClient().WithBearer(fixture.AdminToken);
        var campaign = await CampaignEventsTests.DraftAsync(fixture.A, admin, 1, CampaignEventsTests.OutsideAllowedHours());
        await using var onA = await DeskClient.ConnectAsync(fixture.A, supervisor.Token);
        await using var onB = await DeskClient.ConnectAsync(fixture.B, fixture.AdminToken);
        await fixture.Database.QueryAsync(db => db.Campaigns.Where(c => c.Id == campaign)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Running).SetProperty(c => c.StartedAt, DateTimeOffset.UtcNow)));

        await onA.NextAsync(CampaignEventsTests.CampaignEvent("campaign.progress", campaign), TimeSpan.FromSeconds(30));
        await onB.NextAsync(CampaignEventsTests.CampaignEvent("campaign.progress", campaign), TimeSpan.FromSeconds(30));
        var before = (Count(onA), Count(onB));
        await Task.Delay(TimeSpan.FromSeconds(6));

        // Both instances tick every second; each second is claimed by one of them. Without the shared claim each
        // client would hear about twelve events in six seconds; with it at most one per second (a late tick skips).
        var (a, b) = (Count(onA) - before.Item1, Count(onB) - before.Item2);
        Assert.InRange(a, 1, 7);
        Assert.InRange(b, 1, 7);
        await fixture.Database.QueryAsync(db => db.Campaigns.Where(c => c.Id == campaign).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Cancelled)));

        int Count(DeskClient client) => client.Received.ToList().Count(e => CampaignEventsTests.CampaignEvent("campaign.progress", campaign)(e));
    }

    [Fact]
    public async Task Resume_EventRaisedOnA_IsReplayedToAClientResumingOnB()
    {
        var seeder = new ConversationSeeder(fixture.A, fixture.AdminToken);
        var queue = await seeder.QueueAsync();
        var agent = await seeder.UserAsync("AGENTE", queue);
        var conversation = await seeder.ConversationAsync(await seeder.ConnectionAsync([queue]), queue);
        await using var adminOnA = await DeskClient.ConnectAsync(fixture.A, fixture.AdminToken);
        long cursor;
        await using (var onA = await DeskClient.ConnectAsync(fixture.A, agent.Token))
        {
            cursor = (await onA.ResumeAsync(null)).GetProperty("cursor").GetInt64();
        }

        using var agentOnA = fixture.A.CreateClient().WithBearer(agent.Token);
        Assert.Equal(HttpStatusCode.OK, (await agentOnA.PostAsync($"/api/v1/conversations/{conversation}/assign", null)).StatusCode);
        var live = await adminOnA.NextAsync("conversation.assigned", conversation);
        await using var onB = await DeskClient.ConnectAsync(fixture.B, agent.Token);
        var resumed = await onB.ResumeAsync(cursor);

        var replayed = Assert.Single(resumed.GetProperty("events").EnumerateArray(), e => DeskClient.ConversationOf(e) == conversation);
        Assert.Equal("conversation.assigned", replayed.GetProperty("type").GetString());
        Assert.Equal(live.GetProperty("cursor").GetInt64(), replayed.GetProperty("cursor").GetInt64());
        Assert.Equal(live.GetProperty("seq").GetInt64(), replayed.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task ForceLogout_OnA_ClosesTheSocketOnB()
    {
        var agent = await fixture.A.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        await using var onB = await DeskClient.ConnectAsync(fixture.B, agent.Token);
        using var admin = fixture.A.CreateClient().WithBearer(fixture.AdminToken);

        Assert.True((await admin.PostAsync($"/api/v1/users/{agent.Id}/force-logout", null)).IsSuccessStatusCode);

        await onB.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
