using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Api.IntegrationTests.QuickReplies;

/// <summary>The quick replies' HTTP contract; their rules are tested on the handlers.</summary>
public sealed class QuickRepliesEndpointsTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    [Fact]
    public async Task Send_PersonalReplyWithVariables_QueuesTheRenderedTextAsASentMessage()
    {
        var seeder = new MessagingSeeder(fixture.App);
        var (_, _, conversation) = await seeder.OpenConversationAsync();
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var created = await admin.PostAsJsonAsync("/api/v1/quick-replies", new { shortcut = "/Saludo", title = "Saludo", text = "Hola {{contact.name}}, soy {{ agent.name }}." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reply = await created.ReadJsonAsync();
        Assert.Equal("saludo", reply.GetProperty("shortcut").GetString());
        var id = reply.GetProperty("id").GetGuid();

        var found = await (await admin.GetAsync("/api/v1/quick-replies?search=/sal")).ReadJsonAsync();
        var response = await admin.PostAsync($"/api/v1/conversations/{conversation.Id}/quick-replies/{id}", null);

        Assert.Contains(found.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var messageId = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        var message = await fixture.App.QueryAsync(db => db.Messages.SingleAsync(m => m.Id == messageId));
        Assert.Equal((MessageDirection.Outbound, "Hola Cliente, soy Administrator."), (message.Direction, message.Text));
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Equal(AuditOutcome.Success, (await fixture.App.QueryAsync(db => db.AuditLogs.SingleAsync(a => a.RequestId == requestId && a.Action == "SendMessage"))).Outcome);
    }

    [Fact]
    public async Task Create_UnknownVariable_Answers422AndStoresNothing()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var shortcut = $"x{Guid.NewGuid():N}"[..20];

        var response = await admin.PostAsJsonAsync("/api/v1/quick-replies", new { shortcut, title = "Pedido", text = "Su pedido {{order.id}} salió" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "quick_replies.unknown_variable");
        Assert.False(await fixture.App.QueryAsync(db => db.QuickReplies.AnyAsync(r => r.Shortcut == shortcut)));
    }
}
