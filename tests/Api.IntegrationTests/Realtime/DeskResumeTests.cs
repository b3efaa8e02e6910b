using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Realtime;

/// <summary>A reconnecting desk client resumes from its last cursor: what it missed, in order, as it may see it now, or a reload.</summary>
public sealed class DeskResumeTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private WhatsSuiteApp App => fixture.App;

    private ConversationSeeder Seeder { get; } = new(fixture.App, fixture.AdminToken);

    [Fact]
    public async Task Resume_AfterReconnect_ReplaysTheMissedEventsInOrderWithTheirLiveCursors()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE");
        var connection = await Seeder.ConnectionAsync([queue]);
        var first = await Seeder.ConversationAsync(connection, queue);
        var second = await Seeder.ConversationAsync(connection, queue);
        await using var adminDesk = await DeskClient.ConnectAsync(App, fixture.AdminToken);
        long cursor;
        await using (var before = await DeskClient.ConnectAsync(App, agent.Token))
        {
            // Joining the queue shows the agent both conversations. Desk events are delivered after their commit, in commit
            // order, so once this connection heard of both, everything before is in the journal and the cursor is past it.
            await Seeder.AddMemberAsync(queue, agent.Id);
            var shown = new HashSet<Guid?>();
            while (!shown.Contains(first) || !shown.Contains(second))
            {
                shown.Add(DeskClient.ConversationOf(await before.NextAsync("conversation.updated")));
            }

            cursor = (await before.ResumeAsync(null)).GetProperty("cursor").GetInt64();
        }

        using var agentClient = App.CreateClient().WithBearer(agent.Token);
        Assert.Equal(HttpStatusCode.OK, (await agentClient.PostAsync($"/api/v1/conversations/{first}/assign", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agentClient.PostAsync($"/api/v1/conversations/{second}/assign", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agentClient.PostAsync($"/api/v1/conversations/{first}/unassign", null)).StatusCode);
        var live = new List<JsonElement>
        {
            await adminDesk.NextAsync("conversation.assigned", first),
            await adminDesk.NextAsync("conversation.assigned", second),
            await adminDesk.NextAsync("conversation.unassigned", first),
        };

        await using var after = await DeskClient.ConnectAsync(App, agent.Token);
        var resumed = await after.ResumeAsync(cursor);

        Assert.Equal(JsonValueKind.Null, resumed.GetProperty("refetch").ValueKind);
        var events = resumed.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(
            [("conversation.assigned", first), ("conversation.assigned", second), ("conversation.unassigned", first)],
            events.Select(e => (e.GetProperty("type").GetString()!, DeskClient.ConversationOf(e)!.Value)));
        Assert.Equal(live.Select(e => e.GetProperty("cursor").GetInt64()), events.Select(e => e.GetProperty("cursor").GetInt64()));
        Assert.Equal(agent.Id, events[0].GetProperty("data").GetProperty("conversation").GetProperty("assigneeId").GetGuid());
        Assert.True(events[0].GetProperty("cursor").GetInt64() > cursor);
        Assert.Equal(events[^1].GetProperty("cursor").GetInt64(), resumed.GetProperty("cursor").GetInt64());

        // Resuming from the answer's cursor: nothing more was missed.
        var again = await after.ResumeAsync(resumed.GetProperty("cursor").GetInt64());
        Assert.Empty(again.GetProperty("events").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("refetch").ValueKind);
    }

    [Fact]
    public async Task Resume_CursorOlderThanKeptOrUnknown_TellsTheClientToReload()
    {
        var agent = await App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        await using var desk = await DeskClient.ConnectAsync(App, agent.Token);
        var head = (await desk.ResumeAsync(null)).GetProperty("cursor").GetInt64();

        var tooOld = await desk.ResumeAsync(head - 1_000_000);
        var unknown = await desk.ResumeAsync(head + 1_000_000);

        Assert.Equal("too_old", tooOld.GetProperty("refetch").GetString());
        Assert.Empty(tooOld.GetProperty("events").EnumerateArray());
        Assert.Equal("unknown_position", unknown.GetProperty("refetch").GetString());
        var refused = await Assert.ThrowsAsync<HubException>(() => desk.ResumeAsync(-1));
        Assert.Contains("validation", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_ConversationNoLongerVisible_ItsMissedEventsAreLeftOutAndItIsDropped()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var colleague = await Seeder.UserAsync("AGENTE", queue);
        var connection = await App.SeedConnectionAsync(queueIds: queue);
        await using var adminDesk = await DeskClient.ConnectAsync(App, fixture.AdminToken);
        using var webhook = App.CreateClient();
        var text = $"secret {Guid.NewGuid():N}";
        var customer = ConversationSeeder.RandomNumber();
        Assert.Equal(HttpStatusCode.OK, (await webhook.PostWebhookAsync(connection, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "first", customer))).StatusCode);
        var conversation = DeskClient.ConversationOf(await adminDesk.NextAsync(e => e.GetProperty("type").GetString() == "message.new" && e.GetProperty("data").GetProperty("text").GetString() == "first"))!.Value;
        long cursor;
        await using (var before = await DeskClient.ConnectAsync(App, agent.Token))
        {
            cursor = (await before.ResumeAsync(null)).GetProperty("cursor").GetInt64();
        }

        // While the agent is away, the customer writes (an event for the agent), then a colleague takes the conversation.
        Assert.Equal(HttpStatusCode.OK, (await webhook.PostWebhookAsync(connection, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", text, customer))).StatusCode);
        await adminDesk.NextAsync(e => e.GetProperty("type").GetString() == "message.new" && e.GetProperty("data").GetProperty("text").GetString() == text);
        using var colleagueClient = App.CreateClient().WithBearer(colleague.Token);
        Assert.Equal(HttpStatusCode.OK, (await colleagueClient.PostAsync($"/api/v1/conversations/{conversation}/assign", null)).StatusCode);
        await adminDesk.NextAsync("conversation.assigned", conversation);

        await using var after = await DeskClient.ConnectAsync(App, agent.Token);
        var events = (await after.ResumeAsync(cursor)).GetProperty("events").EnumerateArray().Where(e => DeskClient.ConversationOf(e) == conversation).ToList();

        var only = Assert.Single(events);
        Assert.Equal("conversation.removed", only.GetProperty("type").GetString());
        Assert.DoesNotContain(text, only.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_ViewLostWithoutADropNotice_TellsTheClientToDropTheConversation()
    {
        // A supervisor sees the conversations without a queue; as an agent, after a role change, they no longer do.
        var supervisor = await App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        var conversation = await Seeder.ConversationAsync(await Seeder.ConnectionAsync(), null);
        await using var adminDesk = await DeskClient.ConnectAsync(App, fixture.AdminToken);
        long cursor;
        await using (var before = await DeskClient.ConnectAsync(App, supervisor.Token))
        {
            cursor = (await before.ResumeAsync(null)).GetProperty("cursor").GetInt64();
        }

        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/conversations/{conversation}/close", null)).StatusCode);
        await adminDesk.NextAsync("conversation.closed", conversation);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/users/{supervisor.Id}", new { fullName = "Now an agent", role = "AGENTE", isActive = true })).StatusCode);
        using var anonymous = App.CreateClient();
        var agentToken = (await anonymous.LoginAsync(supervisor.Email, SignedInUser.Password)).AccessToken;

        await using var after = await DeskClient.ConnectAsync(App, agentToken);
        var events = (await after.ResumeAsync(cursor)).GetProperty("events").EnumerateArray().Where(e => DeskClient.ConversationOf(e) == conversation).ToList();

        var only = Assert.Single(events);
        Assert.Equal("conversation.removed", only.GetProperty("type").GetString());
        Assert.Equal("desk.resume", only.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("cursor").ValueKind);
    }
}
