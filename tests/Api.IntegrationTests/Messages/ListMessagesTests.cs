using System.Net;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Messages;

public sealed class ListMessagesTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private static string Url(Guid conversationId) => $"/api/v1/conversations/{conversationId}/messages";

    [Fact]
    public async Task List_CursorPages_NewestFirstWithoutDuplicatesOrGaps()
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        var start = fixture.Clock.GetUtcNow().AddMinutes(-30);
        var seeded = new List<Guid>();
        for (var i = 0; i < 11; i++)
        {
            // Pairs of messages share a timestamp, so the id decides their order.
            seeded.Add((await fixture.Seeder.InboundAsync(conversation.Id, connection.Id, $"m{i}", start.AddSeconds(i / 2))).Id);
        }

        using var admin = fixture.Client(fixture.AdminToken);
        var seen = new List<(Guid Id, DateTimeOffset SentAt)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = Url(conversation.Id) + "?limit=4" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await admin.GetAsync(url)).ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(m => (m.GetProperty("id").GetGuid(), m.GetProperty("sentAt").GetDateTimeOffset())));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(seeded.Count, seen.Count);
        Assert.Equal(seeded.Order(), seen.Select(s => s.Id).Distinct().Order());
        for (var i = 1; i < seen.Count; i++)
        {
            Assert.True(seen[i].SentAt <= seen[i - 1].SentAt, "newest first");
        }

        Assert.Contains(seen[0].Id, seeded[^2..]);
    }

    [Fact]
    public async Task List_MessageShape_HasDirectionContentObjectAndNoMedia()
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        await fixture.Seeder.InboundAsync(conversation.Id, connection.Id, "hola", fixture.Clock.GetUtcNow());
        using var admin = fixture.Client(fixture.AdminToken);

        var item = (await (await admin.GetAsync(Url(conversation.Id))).ReadJsonAsync()).GetProperty("items")[0];

        Assert.Equal("in", item.GetProperty("direction").GetString());
        Assert.Equal("received", item.GetProperty("status").GetString());
        Assert.Equal("hola", item.GetProperty("content").GetProperty("body").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, item.GetProperty("media").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, item.GetProperty("sender").ValueKind);
        Assert.Equal(conversation.Id, item.GetProperty("conversationId").GetGuid());
    }

    [Fact]
    public async Task List_AgentOutsideTheConversation_Gets404AndADeniedAuditRow()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var queue = await fixture.Seeder.QueueAsync(agent.Id);
        var connection = await fixture.Seeder.ConnectionAsync();
        var hidden = await fixture.Seeder.ConversationAsync(connection.Id, (await fixture.Seeder.ContactAsync()).Id, lastInboundAgo: TimeSpan.FromHours(1));
        var waiting = await fixture.Seeder.ConversationAsync(connection.Id, (await fixture.Seeder.ContactAsync()).Id, queueId: queue.Id, lastInboundAgo: TimeSpan.FromHours(1));
        using var client = fixture.Client(agent.Token);

        await (await client.GetAsync(Url(hidden.Id))).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url(waiting.Id))).StatusCode);
        Assert.Equal(AuditOutcome.Denied, await fixture.Database.QueryAsync(db => db.AuditLogs
            .Where(a => a.TargetId == hidden.Id.ToString() && a.ActorId == agent.Id.ToString() && a.Action == "ListMessages")
            .Select(a => a.Outcome)
            .SingleAsync()));
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=201")]
    [InlineData("?cursor=not-a-cursor")]
    [InlineData("?cursor=AAAA")]
    [InlineData("?cursor=%27%20OR%20%271%27%3D%271")]
    [InlineData("?cursor=a%2Bb%2Fc%3D%3D%3D")]
    public async Task List_InvalidPaging_Returns400(string query)
    {
        var (_, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        using var admin = fixture.Client(fixture.AdminToken);

        await (await admin.GetAsync(Url(conversation.Id) + query)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
