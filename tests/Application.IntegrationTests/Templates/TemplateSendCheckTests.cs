using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Conversations.StartConversation;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Messages.SendMessage;
using WhatsSuite.Application.Templates;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Templates;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Templates;

/// <summary>
/// Every template send (a message in a conversation, a conversation start) goes through <see cref="TemplateSendCheck"/>:
/// the connection has the template in that language, it is APPROVED, every variable is filled, and a contact who
/// stopped marketing messages gets no MARKETING template. Refusals are 422 and queue nothing.
/// </summary>
public sealed class TemplateSendCheckTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    private static JsonElement Body(params string[] values) =>
        JsonSerializer.SerializeToElement(new[] { new { type = "body", parameters = values.Select(v => new { type = "text", text = v }).ToArray() } });

    private static SendMessageCommand Send(Guid conversationId, string name, JsonElement? components = null) =>
        new(conversationId, SendMessageCommand.TemplateType, null, null, null, new SendTemplateInput(name, "es", components));

    private async Task<(TestUser Agent, Guid Connection, SeededConversation Conversation)> ConversationAsync()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id, lastInboundAgo: TimeSpan.FromHours(30));
        return (agent, connection, conversation);
    }

    private Task<int> OutboundCountAsync(Guid conversationId) =>
        fixture.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Outbound));

    [Fact]
    public async Task Send_UnknownPendingOrUnfilledTemplate_Is422AndQueuesNothing()
    {
        var (agent, connection, conversation) = await ConversationAsync();
        await Seed.TemplateAsync(connection, "pendiente", "es", status: MessageTemplateStatus.Pending);
        await Seed.TemplateAsync(connection, "pedido", "es", bodyVariables: 2);

        Assert.Equal("templates.unknown", (await fixture.SendAsync(agent.Actor, Send(conversation.Id, "no_existe"))).Error?.Code);
        Assert.Equal("templates.not_approved", (await fixture.SendAsync(agent.Actor, Send(conversation.Id, "pendiente"))).Error?.Code);
        Assert.Equal("templates.variables_unfilled", (await fixture.SendAsync(agent.Actor, Send(conversation.Id, "pedido"))).Error?.Code);
        Assert.Equal("templates.variables_unfilled", (await fixture.SendAsync(agent.Actor, Send(conversation.Id, "pedido", Body("Ana")))).Error?.Code);
        Assert.Equal("templates.variables_unfilled", (await fixture.SendAsync(agent.Actor, Send(conversation.Id, "pedido", Body("Ana", "")))).Error?.Code);

        Assert.Equal(0, await OutboundCountAsync(conversation.Id));
    }

    [Fact]
    public async Task Send_ApprovedTemplateWithEveryVariable_QueuesTheRenderedParameters()
    {
        var (agent, connection, conversation) = await ConversationAsync();
        await Seed.TemplateAsync(connection, "pedido", "es", bodyVariables: 2);

        var result = await fixture.SendAsync(agent.Actor, Send(conversation.Id, "pedido", Body("Ana", "A-17")));

        Assert.True(result.IsSuccess, result.Error?.Code);
        var content = JsonDocument.Parse(await fixture.QueryAsync(db => db.Messages.Where(m => m.Id == result.Value.Id).Select(m => m.Content).SingleAsync())).RootElement;
        var parameters = content.GetProperty("components")[0].GetProperty("parameters");
        Assert.Equal(["Ana", "A-17"], parameters.EnumerateArray().Select(p => p.GetProperty("text").GetString()).ToList());
    }

    [Fact]
    public async Task Send_MarketingTemplateToAMarketingOptOut_Is422ButUtilityStillGoes()
    {
        var (agent, connection, conversation) = await ConversationAsync();
        await Seed.TemplateAsync(connection, "promo", "es", category: MessageTemplateCategory.Marketing);
        await Seed.TemplateAsync(connection, "aviso", "es");
        await fixture.ChangeAsync(async db =>
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == conversation.ContactId);
            contact.SetMarketingOptOut(true, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        });

        Assert.Equal(TemplateErrors.MarketingOptedOut.Code, (await fixture.SendAsync(agent.Actor, Send(conversation.Id, "promo"))).Error?.Code);
        Assert.True((await fixture.SendAsync(agent.Actor, Send(conversation.Id, "aviso"))).IsSuccess);
        Assert.Equal(1, await OutboundCountAsync(conversation.Id));
    }

    [Fact]
    public async Task Start_TemplateNotApproved_Is422AndCreatesNoContactOrConversation()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        await Seed.TemplateAsync(connection, "rechazada", "es", status: MessageTemplateStatus.Rejected);
        var phone = Seeder.RandomNumber();

        var result = await fixture.SendAsync(agent.Actor, new StartConversationCommand(connection, phone, queue, new StartConversationTemplate("rechazada", "es", null)));

        Assert.Equal("templates.not_approved", result.Error?.Code);
        Assert.False(await fixture.QueryAsync(db => db.Contacts.AnyAsync(c => c.WaId == phone)));
    }

    private const string MediaAndCoupon = """
        [{"type":"HEADER","format":"IMAGE","example":{"header_handle":["h"]}},{"type":"BODY","text":"Hola {{1}}","example":{"body_text":[["Ana"]]}},
         {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"SAVE10"}]}]
        """;

    private static JsonElement Components(string header) => JsonDocument.Parse($$"""
        [{"type":"header","parameters":[{{header}}]},{"type":"body","parameters":[{"type":"text","text":"Ana"}]},
         {"type":"button","sub_type":"url","index":0,"parameters":[{"type":"coupon_code","coupon_code":"HOT25"}]}]
        """).RootElement.Clone();

    [Fact]
    public async Task Send_ImageHeaderGivenTextOrAnHttpLink_Is422ParameterInvalidAndQueuesNothing()
    {
        var (agent, connection, conversation) = await ConversationAsync();
        await Seed.TemplateAsync(connection, "oferta", "es", components: MediaAndCoupon);

        var text = await fixture.SendAsync(agent.Actor, Send(conversation.Id, "oferta", Components("""{"type":"text","text":"https://cdn.example/o.jpg"}""")));
        var http = await fixture.SendAsync(agent.Actor, Send(conversation.Id, "oferta", Components("""{"type":"image","image":{"link":"http://cdn.example/o.jpg"}}""")));

        Assert.Equal("templates.parameter_invalid", text.Error?.Code);
        Assert.Equal("templates.parameter_invalid", http.Error?.Code);
        Assert.Contains("https", http.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(0, await OutboundCountAsync(conversation.Id));
    }

    [Fact]
    public async Task Start_ImageHeaderAndCopyCode_QueuesThemWithTheDefinitionsSubType()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        await Seed.TemplateAsync(connection, "oferta", "es", components: MediaAndCoupon);

        var result = await fixture.SendAsync(agent.Actor, new StartConversationCommand(
            connection, Seeder.RandomNumber(), queue, new StartConversationTemplate("oferta", "es", Components("""{"type":"image","image":{"link":"https://cdn.example/o.jpg"}}"""))));

        Assert.True(result.IsSuccess, result.Error?.Message);
        var content = await fixture.QueryAsync(db => db.Messages.Where(m => m.ConversationId == result.Value.Id).Select(m => m.Content).SingleAsync());
        var components = JsonDocument.Parse(content).RootElement.GetProperty("components");
        Assert.Equal("https://cdn.example/o.jpg", components[0].GetProperty("parameters")[0].GetProperty("image").GetProperty("link").GetString());
        Assert.Equal(("copy_code", "0"), (components[2].GetProperty("sub_type").GetString(), components[2].GetProperty("index").GetString()));
    }
}
