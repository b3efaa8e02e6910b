using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WhatsSuite.Api.Realtime;
using WhatsSuite.Api.IntegrationTests.Security;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Desk;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Infrastructure.Configuration;

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
    public async Task SendUsersAsync_UsersOnBothInstances_OnePublishReachesEveryConnectionInOrder()
    {
        var first = await fixture.A.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var second = await fixture.A.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var outsider = await fixture.A.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        await using var firstOnA = await DeskClient.ConnectAsync(fixture.A, first.Token);
        await using var firstOnB = await DeskClient.ConnectAsync(fixture.B, first.Token);
        await using var secondOnB = await DeskClient.ConnectAsync(fixture.B, second.Token);
        await using var outsiderOnB = await DeskClient.ConnectAsync(fixture.B, outsider.Token);
        var channel = RedisChannel.Literal($"{fixture.A.Services.GetRequiredService<WhatsSuiteSettings>().RedisSessionPrefix}:desk:users");
        var subscriber = fixture.A.Services.GetRequiredService<IConnectionMultiplexer>().GetSubscriber();
        var published = 0;
        await subscriber.SubscribeAsync(channel, (_, _) => Interlocked.Increment(ref published));
        var hub = fixture.A.Services.GetRequiredService<IHubContext<DeskHub>>();
        var conversation = Guid.NewGuid();
        const int Events = 30;

        // Handed over without waiting for each, as the dispatcher does.
        await Task.WhenAll(Enumerable.Range(1, Events).Select(seq => hub.Clients.Users([first.Id.ToString(), second.Id.ToString()])
            .SendAsync(DeskEventTypes.ClientMethod, new DeskEnvelope(DeskEventTypes.Version, "test.multicast", conversation, seq, DateTimeOffset.UtcNow, new { seq }))));

        foreach (var client in new[] { firstOnA, firstOnB, secondOnB })
        {
            for (var seq = 1; seq <= Events; seq++)
            {
                var received = await client.NextAsync("test.multicast", conversation);
                Assert.Equal(seq, received.GetProperty("seq").GetInt64());
            }
        }

        await subscriber.UnsubscribeAsync(channel);
        Assert.Equal(Events, Volatile.Read(ref published));
        Assert.DoesNotContain(outsiderOnB.Received.ToList(), e => DeskClient.ConversationOf(e) == conversation);
    }

    [Fact]
    public void DeskUsersMessage_WrittenThenRead_KeepsUsersAndEveryProtocolsBytes()
    {
        byte[] json = [1, 2, 3, 0x1e], other = [];
        var bytes = DeskUsersMessage.Write(["user-ñ-1", "u2"], [new SerializedMessage("json", json), new SerializedMessage("messagepack", other)]);

        var read = DeskUsersMessage.Read(bytes);

        Assert.Equal(["user-ñ-1", "u2"], read.UserIds);
        Assert.Equal(json, read.Invocation.GetSerializedMessage(new JsonHubProtocol()).ToArray());
        Assert.Throws<EndOfStreamException>(() => DeskUsersMessage.Read(bytes[..^2]));
        Assert.Throws<FormatException>(() => DeskUsersMessage.Read([0xff, 0xff, 0xff, 0xff]));
        Assert.Throws<FormatException>(() => DeskUsersMessage.Read([0xff, 0xff, 0xff, 0x7f, 0]));
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
