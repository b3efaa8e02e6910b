using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Media;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Media;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Exports;

/// <summary>
/// <c>GET /api/v1/conversations/{id}/export</c> and <c>GET /api/v1/conversations/export</c>: every format's content
/// against the database, its escaping, the media link, the filters, who may export which conversation, the size limit,
/// and bad input.
/// </summary>
public sealed partial class ConversationExportTests(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    private const string Script = "<script>alert('x')</script> & \"quotes\"";
    private const string Formula = "=HYPERLINK(\"http://evil.test\",\"click\")";

    private static readonly string[] SetMessageTimes = ["2026-03-02T02:30:00Z", "2026-03-02T05:30:00Z", "2026-03-03T15:00:00Z"];

    private ConversationSeeder Seeder { get; } = new(fixture.App, fixture.AdminToken);

    private sealed record World(Guid Connection, Guid Queue, Guid OtherQueue, SignedInUser Supervisor, SignedInUser Agent, Guid Conversation, Guid Hidden, Guid NoQueue, Guid MediaMessage, byte[] MediaBytes);

    /// <summary>
    /// A conversation in the supervisor's queue with more messages than one page of the export: the customer's texts
    /// (one a script, one a formula), the agent's answers delivered and read, and a stored PDF; another in a queue the
    /// supervisor is not a member of, and one without a queue.
    /// </summary>
    private async Task<World> SeedAsync(int extraMessages = 510)
    {
        var queue = await Seeder.QueueAsync();
        var otherQueue = await Seeder.QueueAsync();
        var supervisor = await Seeder.UserAsync("SUPERVISOR", queue);
        var agent = await Seeder.UserAsync("AGENTE", queue);
        var connection = await Seeder.ConnectionAsync([queue, otherQueue]);
        var contact = await Seeder.ContactAsync(profileName: Formula);
        var conversation = await Seeder.ConversationAsync(connection, queue, Domain.Conversations.ConversationStatus.OPEN, agent.Id, contact);
        var hidden = await Seeder.ConversationAsync(connection, otherQueue);
        var noQueue = await Seeder.ConversationAsync(connection, null);
        var bytes = RandomNumberGenerator.GetBytes(3000);
        "%PDF-1.7\n"u8.CopyTo(bytes);

        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IMediaStore>();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = MediaKeys.Stored(connection, sha);
        var keyId = await store.WriteAsync(key, new MemoryStream(bytes), CancellationToken.None);
        var file = MediaObject.Create(connection, sha, key, bytes.Length, "application/pdf", keyId, DateTimeOffset.UtcNow);
        db.MediaObjects.Add(file);

        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var at = 0;
        DateTimeOffset Next() => start.AddSeconds(++at);
        db.Messages.Add(Message.Inbound(conversation, connection, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, Script, "{}", null, null, Next(), Next()));
        db.Messages.Add(Message.Inbound(conversation, connection, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, Formula, "{}", null, null, Next(), Next()));
        var answer = Message.Outbound(conversation, connection, MessageTypes.Text, "Hello, how can I help?", "{}", agent.Id, Next());
        var wamid = $"wamid.{Guid.NewGuid():N}";
        answer.MarkAccepted(wamid, Next());
        var delivered = Next();
        var read = Next();
        db.MessageStatusEvents.Add(MessageStatusEvent.Create(connection, wamid, MessageStatus.Delivered, delivered, null, null, null, delivered));
        db.MessageStatusEvents.Add(MessageStatusEvent.Create(connection, wamid, MessageStatus.Read, read, null, null, null, read));
        answer.ApplyStatus(MessageStatus.Delivered, delivered, null, null, delivered);
        answer.ApplyStatus(MessageStatus.Read, read, null, null, read);
        db.Messages.Add(answer);
        var media = Message.Outbound(conversation, connection, "document", "Your invoice", "{}", agent.Id, Next());
        media.AttachOutboundMedia(file.Id, "application/pdf", sha, "invoice.pdf", Next());
        media.MarkAccepted($"wamid.{Guid.NewGuid():N}", Next());
        db.Messages.Add(media);
        for (var i = 0; i < extraMessages; i++)
        {
            db.Messages.Add(Message.Inbound(conversation, connection, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, $"line {i}", "{}", null, null, Next(), Next()));
        }

        await db.SaveChangesAsync();
        return new World(connection, queue, otherQueue, supervisor, agent, conversation, hidden, noQueue, media.Id, bytes);
    }

    private static string ExportPath(Guid id, string format) => $"/api/v1/conversations/{id}/export?format={format}";

    private Task<List<Guid>> StoredMessageIdsAsync(Guid conversation) =>
        fixture.Database.QueryAsync(db => db.Messages.Where(m => m.ConversationId == conversation).OrderBy(m => m.SentAt).ThenBy(m => m.Id).Select(m => m.Id).ToListAsync());

    [Fact]
    public async Task Export_Json_HoldsEveryMessageInOrderWithAuthorStatusTimesAndAWorkingMediaLink()
    {
        var w = await SeedAsync();
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        using var response = await admin.GetAsync(ExportPath(w.Conversation, "json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"conversation-{w.Conversation:N}.json", response.Content.Headers.ContentDisposition!.FileNameStar);
        var body = await response.ReadJsonAsync();
        Assert.Equal(w.Conversation, body.GetProperty("conversation").GetProperty("id").GetGuid());
        Assert.Equal(Formula, body.GetProperty("conversation").GetProperty("contact").GetProperty("name").GetString());
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        var stored = await StoredMessageIdsAsync(w.Conversation);
        Assert.True(stored.Count > 500, "more than one page of the export");
        Assert.Equal(stored, messages.Select(m => m.GetProperty("id").GetGuid()));

        var answer = messages.Single(m => m.GetProperty("text").GetString() == "Hello, how can I help?");
        Assert.Equal("out", answer.GetProperty("direction").GetString());
        Assert.Equal("Test AGENTE", answer.GetProperty("author").GetProperty("fullName").GetString());
        Assert.Equal("read", answer.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, answer.GetProperty("deliveredAt").ValueKind);
        Assert.True(answer.GetProperty("readAt").GetDateTimeOffset() > answer.GetProperty("deliveredAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, messages[0].GetProperty("author").ValueKind);
        Assert.Equal(Script, messages[0].GetProperty("text").GetString());

        var media = messages.Single(m => m.GetProperty("id").GetGuid() == w.MediaMessage).GetProperty("media");
        Assert.Equal("invoice.pdf", media.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", media.GetProperty("contentType").GetString());
        Assert.Equal(w.MediaBytes.Length, media.GetProperty("size").GetInt64());
        var url = new Uri(media.GetProperty("url").GetString()!);
        Assert.Equal($"/api/v1/conversations/{w.Conversation}/messages/{w.MediaMessage}/media", url.AbsolutePath);

        // The link serves the file to a signed-in user who may see the conversation, and to nobody else.
        Assert.Equal(w.MediaBytes, await admin.GetByteArrayAsync(url.PathAndQuery));
        using var anonymous = fixture.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url.PathAndQuery)).StatusCode);
        using var outsider = fixture.App.CreateClient().WithBearer((await Seeder.UserAsync("SUPERVISOR", w.OtherQueue)).Token);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(url.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Export_Csv_OneFormulaSafeRowPerMessage()
    {
        var w = await SeedAsync(extraMessages: 20);
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        using var response = await admin.GetAsync(ExportPath(w.Conversation, "csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("conversationId,contactPhone,contactName,queue,messageId,sentAt,direction,author,type,text,status", lines[0], StringComparison.Ordinal);
        var stored = await StoredMessageIdsAsync(w.Conversation);
        Assert.Equal(stored.Count + 1, lines.Length);
        Assert.Equal(stored, lines.Skip(1).Select(l => Guid.Parse(GuidPattern().Matches(l)[1].Value)));

        // The customer's formula (as their name and as a message) is text to a spreadsheet: a leading quote, quoted.
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"click\"\")\"", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=", text, StringComparison.Ordinal);
        var mediaLine = lines.Single(l => l.Contains(w.MediaMessage.ToString(), StringComparison.Ordinal));
        Assert.Contains($"invoice.pdf,application/pdf,{w.MediaBytes.Length},Available,http", mediaLine, StringComparison.Ordinal);
        Assert.EndsWith($"/api/v1/conversations/{w.Conversation}/messages/{w.MediaMessage}/media", mediaLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Html_EscapesEveryTextAndLoadsNothing()
    {
        var w = await SeedAsync(extraMessages: 5);
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        using var response = await admin.GetAsync(ExportPath(w.Conversation, "html"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;", html, StringComparison.Ordinal);
        Assert.Contains("Hello, how can I help?", html, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/conversations/{w.Conversation}/messages/{w.MediaMessage}/media\" rel=\"noreferrer\">invoice.pdf", html, StringComparison.Ordinal);
        var rows = Regex.Count(html, "<tr valign=\"top\">");
        Assert.Equal((await StoredMessageIdsAsync(w.Conversation)).Count, rows);
    }

    [Fact]
    public async Task Export_EachRole_OnlyWithinItsVisibilityAndAudited()
    {
        var w = await SeedAsync(extraMessages: 0);
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        using var supervisor = fixture.App.CreateClient().WithBearer(w.Supervisor.Token);
        using var agent = fixture.App.CreateClient().WithBearer(w.Agent.Token);

        foreach (var id in new[] { w.Conversation, w.Hidden, w.NoQueue })
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(ExportPath(id, "json"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(ExportPath(w.Conversation, "csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(ExportPath(w.NoQueue, "csv"))).StatusCode);
        var body = await (await supervisor.GetAsync(ExportPath(w.Hidden, "html"))).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
        Assert.DoesNotContain("out_of_queue", body.GetRawText(), StringComparison.Ordinal);

        // Even the conversation the agent holds: exports are for supervisors and administrators.
        await (await agent.GetAsync(ExportPath(w.Conversation, "json"))).AssertProblemAsync(HttpStatusCode.Forbidden);

        var audit = await fixture.Database.QueryAsync(db => db.AuditLogs
            .Where(a => a.Action == "ExportConversation" && (a.TargetId == w.Conversation.ToString() || a.TargetId == w.Hidden.ToString()))
            .Select(a => new { a.ActorId, a.TargetId, a.Outcome, a.Reason })
            .ToListAsync());
        Assert.Contains(audit, a => a.ActorId == w.Supervisor.Id.ToString() && a.TargetId == w.Conversation.ToString() && a.Outcome == AuditOutcome.Success);
        Assert.Contains(audit, a => a.ActorId == w.Supervisor.Id.ToString() && a.TargetId == w.Hidden.ToString() && a.Outcome == AuditOutcome.Denied && a.Reason == "out_of_queue");
        Assert.Contains(audit, a => a.ActorId == w.Agent.Id.ToString() && a.Outcome == AuditOutcome.Denied);
    }

    [Fact]
    public async Task Export_BadInput_AnswersProblemDetails()
    {
        var w = await SeedAsync(extraMessages: 0);
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var body = await (await admin.GetAsync(ExportPath(w.Conversation, "xml"))).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(body.GetProperty("errors").TryGetProperty("format", out _) || body.GetProperty("errors").TryGetProperty("Format", out _));
        await (await admin.GetAsync(ExportPath(Guid.NewGuid(), "json"))).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");

        // No format: JSON.
        using var response = await admin.GetAsync($"/api/v1/conversations/{w.Conversation}/export");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal('{', Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync())[0]);
    }

    /// <summary>Three conversations in a fresh queue: two with the same contact, messages on 2026-03-01 and 2026-03-02 (UTC-3).</summary>
    private async Task<(Guid Queue, string Phone, Guid[] Conversations, SignedInUser Supervisor, SignedInUser Outsider)> SeedSetAsync()
    {
        var queue = await Seeder.QueueAsync();
        var otherQueue = await Seeder.QueueAsync();
        var supervisor = await Seeder.UserAsync("SUPERVISOR", queue);
        var outsider = await Seeder.UserAsync("SUPERVISOR", otherQueue);
        var connection = await Seeder.ConnectionAsync([queue, otherQueue]);
        var otherConnection = await Seeder.ConnectionAsync([queue]);
        var phone = ConversationSeeder.RandomNumber();
        var contact = await Seeder.ContactAsync(phone, "Ana");
        var ids = new[]
        {
            await Seeder.ConversationAsync(connection, queue, contactId: contact),
            await Seeder.ConversationAsync(otherConnection, queue, Domain.Conversations.ConversationStatus.CLOSED, contactId: contact),
            await Seeder.ConversationAsync(connection, queue),
        };
        await fixture.App.QueryAsync(async db =>
        {
            foreach (var (id, index) in ids.Select((id, index) => (id, index)))
            {
                var connectionId = index == 1 ? otherConnection : connection;

                // 2026-03-01 23:30 and 2026-03-02 02:30 in Buenos Aires (UTC-3), and 2026-03-03 12:00.
                foreach (var at in SetMessageTimes)
                {
                    var sentAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(index);
                    db.Messages.Add(Message.Inbound(id, connectionId, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, $"at {at}", "{}", null, null, sentAt, sentAt));
                }
            }

            return await db.SaveChangesAsync();
        });
        return (queue, phone, ids, supervisor, outsider);
    }

    private static async Task<List<string[]>> CsvRowsAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/v1/conversations/export?format=csv&{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        return lines.Skip(1).Select(l => GuidPattern().Matches(l).Select(m => m.Value).ToArray()).ToList();
    }

    [Fact]
    public async Task ExportSet_Filters_EqualTheDatabase()
    {
        var set = await SeedSetAsync();
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        // The queue: every message of its three conversations, conversations in id order.
        var rows = await CsvRowsAsync(admin, $"queueId={set.Queue}");
        var expected = await fixture.Database.QueryAsync(db => db.Messages.CountAsync(m => set.Conversations.Contains(m.ConversationId)));
        Assert.Equal(expected, rows.Count);
        Assert.Equal(set.Conversations.Order().Select(id => id.ToString()), rows.Select(r => r[0]).Distinct());

        // The phone: the contact's two conversations; with a status, the closed one.
        Assert.Equal(6, (await CsvRowsAsync(admin, $"queueId={set.Queue}&phone=%2B{set.Phone}")).Count);
        Assert.Equal([set.Conversations[1].ToString()], (await CsvRowsAsync(admin, $"phone={set.Phone}&status=CLOSED")).Select(r => r[0]).Distinct());

        // Local days in the caller's zone: 2026-03-01 in Buenos Aires is 03:00Z on the 1st to 03:00Z on the 2nd.
        var firstDay = await CsvRowsAsync(admin, $"queueId={set.Queue}&from=2026-03-01&to=2026-03-01&tz=America/Argentina/Buenos_Aires");
        var inRange = await fixture.Database.QueryAsync(db => db.Messages
            .Where(m => set.Conversations.Contains(m.ConversationId) && m.SentAt >= new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.Zero) && m.SentAt < new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero))
            .OrderBy(m => m.ConversationId).ThenBy(m => m.SentAt)
            .Select(m => m.Id)
            .ToListAsync());
        Assert.Equal(3, inRange.Count);
        Assert.Equal(inRange.Select(id => id.ToString()), firstDay.Select(r => r[1]));
        Assert.Empty(await CsvRowsAsync(admin, $"queueId={set.Queue}&from=2026-02-01&to=2026-02-28"));

        // JSON: one object per line; HTML: one transcript per conversation.
        using var json = await admin.GetAsync($"/api/v1/conversations/export?queueId={set.Queue}&format=json");
        Assert.Equal("application/x-ndjson", json.Content.Headers.ContentType!.MediaType);
        var objects = (await json.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(set.Conversations.Order(), objects.Select(o => o.GetProperty("conversation").GetProperty("id").GetGuid()));
        Assert.All(objects, o => Assert.Equal(3, o.GetProperty("messages").GetArrayLength()));
        using var html = await admin.GetAsync($"/api/v1/conversations/export?queueId={set.Queue}&format=html");
        Assert.Equal(3, Regex.Count(await html.Content.ReadAsStringAsync(), "<section>"));

        var audit = await fixture.Database.QueryAsync(db => db.AuditLogs.Where(a => a.Action == "ExportConversations" && a.Outcome == AuditOutcome.Success).Select(a => a.Reason).ToListAsync());
        Assert.Contains("3 conversations", audit);
    }

    [Fact]
    public async Task ExportSet_SupervisorAgentAndLimit_SeeOnlyTheirsAndAreBounded()
    {
        var set = await SeedSetAsync();
        using var supervisor = fixture.App.CreateClient().WithBearer(set.Supervisor.Token);
        using var outsider = fixture.App.CreateClient().WithBearer(set.Outsider.Token);
        using var agent = fixture.App.CreateClient().WithBearer((await Seeder.UserAsync("AGENTE", set.Queue)).Token);
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        Assert.Equal(9, (await CsvRowsAsync(supervisor, $"queueId={set.Queue}")).Count);
        Assert.Empty(await CsvRowsAsync(outsider, $"queueId={set.Queue}"));
        Assert.Empty(await CsvRowsAsync(outsider, $"phone={set.Phone}"));
        await (await agent.GetAsync($"/api/v1/conversations/export?queueId={set.Queue}")).AssertProblemAsync(HttpStatusCode.Forbidden);

        // More than CONVERSATION_EXPORT_SYNC_MAX (3 here) conversations: a background export (ADR 0042); narrowed, answered.
        await Seeder.ConversationAsync(await Seeder.ConnectionAsync([set.Queue]), set.Queue);
        using var queued = await admin.GetAsync($"/api/v1/conversations/export?queueId={set.Queue}");
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal(4, (await queued.ReadJsonAsync()).GetProperty("matchedConversations").GetInt32());
        Assert.Equal(6, (await CsvRowsAsync(admin, $"queueId={set.Queue}&phone={set.Phone}")).Count);
    }

    [Fact]
    public async Task ExportSet_BadInput_AnswersProblemDetails()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        foreach (var query in new[] { "from=2026-03-02&to=2026-03-01", "tz=Mars/Olympus", "status=open", "format=pdf", "phone=abc" })
        {
            await (await admin.GetAsync($"/api/v1/conversations/export?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();
}
