using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// Text cut at a limit never splits an emoji (PostgreSQL cannot encode half of one), and text with an unpaired
/// surrogate is refused at the API and repaired in webhooks: no message is lost and no answer is a 500.
/// </summary>
public sealed class TextLimitsTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private WhatsSuiteApp App => fixture.App;

    private static string NewNumber() => $"5511{Random.Shared.Next(10_000_000, 99_999_999)}";

    [Fact]
    public async Task Send_TextWithAnEmojiAcrossThePreviewLimit_Returns202AndKeepsTheWholeText()
    {
        var seeder = new MessagingSeeder(App);
        var connection = await seeder.ConnectionAsync(ConnectionProvider.Sandbox);
        var contact = await seeder.ContactAsync();
        var conversation = await seeder.ConversationAsync(connection.Id, contact.Id, lastInboundAgo: TimeSpan.FromMinutes(5));
        var text = new string('a', Conversation.MaxPreviewLength - 1) + "😀 gracias";
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/messages", new { type = "text", text });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(text, (await seeder.MessageAsync(id)).Text);
        var stored = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversation.Id));
        Assert.Equal(new string('a', Conversation.MaxPreviewLength - 1), stored.LastMessagePreview);
    }

    [Fact]
    public async Task Send_TextOfExactlyTheLimitWithEmoji_IsAcceptedAndOneUnitMoreIsRefused()
    {
        var seeder = new MessagingSeeder(App);
        var connection = await seeder.ConnectionAsync(ConnectionProvider.Sandbox);
        var contact = await seeder.ContactAsync();
        var conversation = await seeder.ConversationAsync(connection.Id, contact.Id, lastInboundAgo: TimeSpan.FromMinutes(5));
        var atLimit = new string('a', Message.MaxTextLength - 2) + "😀";
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);

        var accepted = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/messages", new { type = "text", text = atLimit });
        var refused = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/messages", new { type = "text", text = "a" + atLimit });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task Inbound_EmojiAcrossThePreviewTextAndNameLimits_StoresTheMessageCutAtWholeEmoji()
    {
        var connectionId = await App.SeedConnectionAsync();
        var from = NewNumber();
        var wamid = $"wamid.{Guid.NewGuid():N}";
        var body = new string('b', Message.MaxTextLength - 1) + "🇦🇷 fin";
        var name = new string('n', Contact.MaxNameLength - 1) + "👍🏽";
        using var client = App.CreateClient();

        var answer = await client.PostWebhookAsync(connectionId, MetaPayloads.Text(wamid, body, from, name));
        await App.WaitForInboxDrainedAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var message = await App.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Wamid == wamid));
        Assert.Equal(new string('b', Message.MaxTextLength - 1), message.Text);
        Assert.Contains("🇦🇷 fin", message.Content, StringComparison.Ordinal);
        var contact = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.WaId == from));
        Assert.Equal(new string('n', Contact.MaxNameLength - 1), contact.ProfileName);
        var conversation = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.ContactId == contact.Id));
        Assert.Equal(new string('b', Conversation.MaxPreviewLength), conversation.LastMessagePreview);
        Assert.Equal(0, await App.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.ConnectionId == connectionId && e.Status != InboxStatus.Processed)));
    }

    [Fact]
    public async Task Inbound_201CharactersWithAnEmojiAtThePreviewLimit_IsStoredNotLost()
    {
        var connectionId = await App.SeedConnectionAsync();
        var from = NewNumber();
        var wamid = $"wamid.{Guid.NewGuid():N}";
        var body = new string('c', Conversation.MaxPreviewLength - 1) + "😀";
        using var client = App.CreateClient();

        await client.PostWebhookAsync(connectionId, MetaPayloads.Text(wamid, body, from));
        await App.WaitForInboxDrainedAsync();

        var message = await App.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Wamid == wamid));
        Assert.Equal(body, message.Text);
        var conversation = await App.QueryAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == message.ConversationId));
        Assert.Equal(new string('c', Conversation.MaxPreviewLength - 1), conversation.LastMessagePreview);
    }

    [Fact]
    public async Task Inbound_UnpairedSurrogateInTextAndName_IsStoredWithAReplacementCharacter()
    {
        var connectionId = await App.SeedConnectionAsync();
        var from = NewNumber();
        var wamid = $"wamid.{Guid.NewGuid():N}";
        using var client = App.CreateClient();

        // The escapes are written into the JSON as another system would send them: "\ud83d" without its low half.
        var answer = await client.PostWebhookAsync(connectionId, MetaPayloads.Text(wamid, "cortado \\ud83d", from, "Ana \\ude00"));
        await App.WaitForInboxDrainedAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var message = await App.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Wamid == wamid));
        Assert.Equal("cortado \uFFFD", message.Text);
        var contact = await App.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.WaId == from));
        Assert.Equal("Ana \uFFFD", contact.ProfileName);
        Assert.Equal(0, await App.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.ConnectionId == connectionId && e.Status != InboxStatus.Processed)));
    }

    [Theory]
    [InlineData("/api/v1/queues", """{"name":"Ventas \ud83d"}""", "$.name")]
    [InlineData("/api/v1/users", """{"email":"x@example.com","fullName":"\ude00","role":"AGENTE","password":"a-temporary-password"}""", "$.fullName")]
    public async Task Post_UnpairedSurrogateInJson_Returns400NamingTheFieldAndStoresNothing(string path, string json, string field)
    {
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var queues = await fixture.Database.QueryAsync(db => db.Queues.CountAsync());
        var users = await fixture.Database.QueryAsync(db => db.Users.CountAsync());
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await admin.PostAsync(path, content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("unpaired surrogate", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(queues, await fixture.Database.QueryAsync(db => db.Queues.CountAsync()));
        Assert.Equal(users, await fixture.Database.QueryAsync(db => db.Users.CountAsync()));
    }
}
