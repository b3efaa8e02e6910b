using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Api.IntegrationTests.Conversations;

/// <summary>Who sees which conversation, in lists, reads and actions, and how refusals are audited.</summary>
public sealed class ConversationVisibilityTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private ConversationSeeder Seeder { get; } = new(fixture.App, fixture.AdminToken);

    private sealed record World(
        Guid Connection,
        SignedInUser Supervisor,
        SignedInUser OtherSupervisor,
        SignedInUser AgentA,
        SignedInUser AgentB,
        Guid UnassignedQ1,
        Guid UnassignedQ2,
        Guid OpenAgentA,
        Guid OpenAgentB,
        Guid ClosedQ1,
        Guid NoQueue,
        Guid OpenAgentAInQ2);

    private async Task<World> SeedWorldAsync()
    {
        var q1 = await Seeder.QueueAsync();
        var q2 = await Seeder.QueueAsync();
        var supervisor = await Seeder.UserAsync("SUPERVISOR", q1);
        var otherSupervisor = await Seeder.UserAsync("SUPERVISOR", q2);
        var agentA = await Seeder.UserAsync("AGENTE", q1);
        var agentB = await Seeder.UserAsync("AGENTE", q1);
        var connection = await Seeder.ConnectionAsync([q1, q2]);
        return new World(
            connection,
            supervisor,
            otherSupervisor,
            agentA,
            agentB,
            await Seeder.ConversationAsync(connection, q1),
            await Seeder.ConversationAsync(connection, q2),
            await Seeder.ConversationAsync(connection, q1, ConversationStatus.OPEN, agentA.Id),
            await Seeder.ConversationAsync(connection, q1, ConversationStatus.OPEN, agentB.Id),
            await Seeder.ConversationAsync(connection, q1, ConversationStatus.CLOSED),
            await Seeder.ConversationAsync(connection, null),
            await Seeder.ConversationAsync(connection, q2, ConversationStatus.OPEN, agentA.Id));
    }

    private static async Task<List<Guid>> ListIdsAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/conversations?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }

    private async Task<string?> DenialReasonAsync(Guid actorId, Guid conversationId, string action) =>
        await fixture.Database.QueryAsync(db => db.AuditLogs
            .Where(a => a.ActorId == actorId.ToString() && a.TargetType == "conversation" && a.TargetId == conversationId.ToString() && a.Action == action && a.Outcome == AuditOutcome.Denied)
            .OrderByDescending(a => a.Sequence)
            .Select(a => a.Reason)
            .FirstOrDefaultAsync());

    [Fact]
    public async Task List_EachRole_SeesExactlyItsConversations()
    {
        var w = await SeedWorldAsync();
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        using var supervisor = fixture.App.CreateClient().WithBearer(w.Supervisor.Token);
        using var otherSupervisor = fixture.App.CreateClient().WithBearer(w.OtherSupervisor.Token);
        using var agentA = fixture.App.CreateClient().WithBearer(w.AgentA.Token);
        var filter = $"connectionId={w.Connection}";

        Assert.Equal(
            new[] { w.UnassignedQ1, w.UnassignedQ2, w.OpenAgentA, w.OpenAgentB, w.ClosedQ1, w.NoQueue, w.OpenAgentAInQ2 }.OrderBy(i => i),
            (await ListIdsAsync(admin, filter)).OrderBy(i => i));
        Assert.Equal(
            new[] { w.UnassignedQ1, w.OpenAgentA, w.OpenAgentB, w.ClosedQ1, w.NoQueue }.OrderBy(i => i),
            (await ListIdsAsync(supervisor, filter)).OrderBy(i => i));
        Assert.Equal(
            new[] { w.UnassignedQ2, w.NoQueue, w.OpenAgentAInQ2 }.OrderBy(i => i),
            (await ListIdsAsync(otherSupervisor, filter)).OrderBy(i => i));
        Assert.Equal(
            new[] { w.UnassignedQ1, w.OpenAgentA, w.OpenAgentAInQ2 }.OrderBy(i => i),
            (await ListIdsAsync(agentA, filter)).OrderBy(i => i));
    }

    [Fact]
    public async Task Get_NotVisible_Returns404AndAuditsTheReason()
    {
        var w = await SeedWorldAsync();
        using var agentA = fixture.App.CreateClient().WithBearer(w.AgentA.Token);
        using var supervisor = fixture.App.CreateClient().WithBearer(w.Supervisor.Token);
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        foreach (var visible in new[] { w.UnassignedQ1, w.OpenAgentA, w.OpenAgentAInQ2 })
        {
            Assert.Equal(HttpStatusCode.OK, (await agentA.GetAsync($"/api/v1/conversations/{visible}")).StatusCode);
        }

        var expected = new Dictionary<Guid, string>
        {
            [w.UnassignedQ2] = "out_of_queue",
            [w.OpenAgentB] = "assigned_to_another_agent",
            [w.ClosedQ1] = "closed_not_visible",
            [w.NoQueue] = "out_of_queue",
        };
        foreach (var (id, reason) in expected)
        {
            var body = await (await agentA.GetAsync($"/api/v1/conversations/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
            Assert.Equal(reason, await DenialReasonAsync(w.AgentA.Id, id, "GetConversation"));
            Assert.DoesNotContain(reason, body.GetRawText(), StringComparison.Ordinal);
        }

        // A conversation that does not exist answers the same.
        await (await agentA.GetAsync($"/api/v1/conversations/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");

        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/v1/conversations/{w.ClosedQ1}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/v1/conversations/{w.NoQueue}")).StatusCode);
        await (await supervisor.GetAsync($"/api/v1/conversations/{w.UnassignedQ2}")).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
        Assert.Equal("out_of_queue", await DenialReasonAsync(w.Supervisor.Id, w.UnassignedQ2, "GetConversation"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/conversations/{w.UnassignedQ2}")).StatusCode);
    }

    [Theory]
    [InlineData("assign")]
    [InlineData("unassign")]
    [InlineData("close")]
    [InlineData("reopen")]
    [InlineData("transfer")]
    public async Task Action_NotVisible_Returns404ChangesNothingAndAuditsDenied(string action)
    {
        var w = await SeedWorldAsync();
        using var agentA = fixture.App.CreateClient().WithBearer(w.AgentA.Token);
        using var otherSupervisor = fixture.App.CreateClient().WithBearer(w.OtherSupervisor.Token);
        var commandName = $"{char.ToUpperInvariant(action[0])}{action[1..]}Conversation";
        var cases = new (HttpClient Client, SignedInUser User, Guid Conversation, string Reason)[]
        {
            (agentA, w.AgentA, w.OpenAgentB, "assigned_to_another_agent"),
            (agentA, w.AgentA, w.UnassignedQ2, "out_of_queue"),
            (agentA, w.AgentA, w.ClosedQ1, "closed_not_visible"),
            (otherSupervisor, w.OtherSupervisor, w.OpenAgentA, "out_of_queue"),
        };

        foreach (var (client, user, conversation, reason) in cases)
        {
            var before = await StateAsync(conversation);
            using var content = new StringContent($"{{\"toUserId\":\"{user.Id}\"}}", System.Text.Encoding.UTF8, "application/json");
            var response = await client.PostAsync($"/api/v1/conversations/{conversation}/{action}", content);

            // Taking a conversation of one's own queue that someone else holds says so; everything else is 404.
            if (action == "assign" && reason == "assigned_to_another_agent")
            {
                await response.AssertProblemAsync(HttpStatusCode.Conflict, "conversations.taken");
            }
            else
            {
                await response.AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
            }

            Assert.Equal(before, await StateAsync(conversation));
            Assert.Equal(reason, await DenialReasonAsync(user.Id, conversation, commandName));
        }
    }

    [Fact]
    public async Task Summary_EachRole_CountsItsVisibleConversations()
    {
        var w = await SeedWorldAsync();
        using var agentA = fixture.App.CreateClient().WithBearer(w.AgentA.Token);
        using var otherSupervisor = fixture.App.CreateClient().WithBearer(w.OtherSupervisor.Token);

        var agentSummary = await (await agentA.GetAsync("/api/v1/conversations/summary")).ReadJsonAsync();
        Assert.Equal(1, agentSummary.GetProperty("unassigned").GetInt32());
        Assert.Equal(2, agentSummary.GetProperty("open").GetInt32());
        Assert.Equal(0, agentSummary.GetProperty("closed").GetInt32());

        // The other supervisor's queue only has this world's conversations; conversations without a queue are shared by every world of this class.
        var supervisorSummary = await (await otherSupervisor.GetAsync("/api/v1/conversations/summary")).ReadJsonAsync();
        var noQueue = await fixture.Database.QueryAsync(db => db.Conversations.CountAsync(c => c.QueueId == null && c.Status == ConversationStatus.UNASSIGNED));
        Assert.Equal(1 + noQueue, supervisorSummary.GetProperty("unassigned").GetInt32());
        Assert.Equal(1, supervisorSummary.GetProperty("open").GetInt32());

        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var adminSummary = await (await admin.GetAsync("/api/v1/conversations/summary")).ReadJsonAsync();
        Assert.Equal(await fixture.Database.QueryAsync(db => db.Conversations.CountAsync(c => c.Status == ConversationStatus.CLOSED)), adminSummary.GetProperty("closed").GetInt32());
    }

    [Fact]
    public async Task List_Filters_NarrowTheVisibleSet()
    {
        var w = await SeedWorldAsync();
        using var supervisor = fixture.App.CreateClient().WithBearer(w.Supervisor.Token);
        var filter = $"connectionId={w.Connection}";

        Assert.Equal([w.ClosedQ1], await ListIdsAsync(supervisor, $"{filter}&status=CLOSED"));
        Assert.Equal(
            new[] { w.UnassignedQ1, w.NoQueue }.OrderBy(i => i),
            (await ListIdsAsync(supervisor, $"{filter}&status=UNASSIGNED")).OrderBy(i => i));
        Assert.Equal([w.OpenAgentB], await ListIdsAsync(supervisor, $"{filter}&assigneeId={w.AgentB.Id}"));

        // Filtering on a queue the caller does not see gives nothing, not the queue's conversations.
        var q2 = await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == w.UnassignedQ2).Select(c => c.QueueId).SingleAsync());
        Assert.Empty(await ListIdsAsync(supervisor, $"queueId={q2}"));
        Assert.Empty(await ListIdsAsync(supervisor, $"connectionId={Guid.NewGuid()}"));
    }

    [Theory]
    [InlineData("status=ASSIGNED")]
    [InlineData("status=open")]
    [InlineData("status=1")]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("cursor=AAAA")]
    [InlineData("cursor=%2F%2F%2F%2F")]
    [InlineData("queueId=nope")]
    public async Task List_InvalidParameters_Returns400(string query)
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.GetAsync($"/api/v1/conversations?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task List_Search_MatchesNumberNameAndMessageText()
    {
        var queue = await Seeder.QueueAsync();
        var connection = await Seeder.ConnectionAsync([queue]);
        var number = ConversationSeeder.RandomNumber();
        var byNumber = await Seeder.ConversationAsync(connection, queue, contactId: await Seeder.ContactAsync(number));
        var byName = await Seeder.ConversationAsync(connection, queue, contactId: await Seeder.ContactAsync(profileName: "Mariana Quiroga"));
        var byText = await Seeder.ConversationAsync(connection, queue);
        await Seeder.MessageAsync(byText, connection, "Necesito la FACTURA de marzo por favor");
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var filter = $"connectionId={connection}";

        Assert.Equal([byNumber], await ListIdsAsync(admin, $"{filter}&search={Uri.EscapeDataString("+" + number[..3] + " " + number[3..])}"));
        Assert.Equal([byNumber], await ListIdsAsync(admin, $"{filter}&search={number[4..]}"));
        Assert.Equal([byName], await ListIdsAsync(admin, $"{filter}&search=mariana%20QUIR"));
        Assert.Equal([byText], await ListIdsAsync(admin, $"{filter}&search=factura%20DE%20MARZO"));
        Assert.Empty(await ListIdsAsync(admin, $"{filter}&search=nothing-matches-this"));
        Assert.Empty(await ListIdsAsync(admin, $"{filter}&search={Uri.EscapeDataString("' OR '1'='1")}"));
    }

    [Fact]
    public async Task List_CursorPages_CoverEverythingNewestFirstWithoutDuplicates()
    {
        var queue = await Seeder.QueueAsync();
        var connection = await Seeder.ConnectionAsync([queue]);
        var seeded = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            seeded.Add(await Seeder.ConversationAsync(connection, queue));
        }

        // Two conversations with the same UpdatedAt: the id breaks the tie.
        var tied = await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == seeded[3]).Select(c => c.UpdatedAt).SingleAsync());
        await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == seeded[4]).ExecuteUpdateAsync(set => set.SetProperty(c => c.UpdatedAt, tied)));
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/conversations?connectionId={connection}&limit=3" + (cursor is null ? string.Empty : $"&cursor={cursor}");
            var body = await (await admin.GetAsync(url)).ReadJsonAsync();
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = body.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : body.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(seeded.Count, seen.Distinct().Count());
        Assert.Equal(seeded.Count, seen.Count);
        var expectedOrder = await fixture.Database.QueryAsync(db => db.Conversations
            .Where(c => c.ConnectionId == connection)
            .OrderByDescending(c => c.UpdatedAt)
            .ThenByDescending(c => c.Id)
            .Select(c => c.Id)
            .ToListAsync());
        Assert.Equal(expectedOrder, seen);
    }

    [Fact]
    public async Task Get_Visible_ReturnsTheFullConversation()
    {
        var queue = await Seeder.QueueAsync();
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var connection = await Seeder.ConnectionAsync([queue]);
        var contact = await Seeder.ContactAsync(profileName: "Lucía");
        var id = await Seeder.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id, contact);
        using var client = fixture.App.CreateClient().WithBearer(agent.Token);

        var body = await (await client.GetAsync($"/api/v1/conversations/{id}")).ReadJsonAsync();

        Assert.Equal("OPEN", body.GetProperty("status").GetString());
        Assert.Equal(connection, body.GetProperty("connection").GetProperty("id").GetGuid());
        Assert.Equal("Lucía", body.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal(queue, body.GetProperty("queue").GetProperty("id").GetGuid());
        Assert.Equal(agent.Id, body.GetProperty("assignee").GetProperty("id").GetGuid());
        Assert.Equal("Test AGENTE", body.GetProperty("assignee").GetProperty("fullName").GetString());
        Assert.Equal("Hola", body.GetProperty("lastMessagePreview").GetString());

        // Seeded two days ago: the 24-hour window has closed.
        Assert.False(body.GetProperty("serviceWindowOpen").GetBoolean());
        Assert.Equal(JsonValueKind.String, body.GetProperty("serviceWindowExpiresAt").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("contact").GetProperty("tags").ValueKind);
    }

    private async Task<string> StateAsync(Guid conversationId)
    {
        var state = await fixture.Database.QueryAsync(db => db.Conversations
            .Where(c => c.Id == conversationId)
            .Select(c => new { c.Status, c.AssigneeId, c.QueueId, c.Version })
            .SingleAsync());
        return $"{state.Status}:{state.AssigneeId?.ToString() ?? "-"}:{state.QueueId?.ToString() ?? "-"}:{state.Version}";
    }
}
