using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.AutoAssignConversations;
using WhatsSuite.Application.Messages.RecordSendResults;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Conversations;

/// <summary>The conversation list, search, pagination, visibility, take, auto-assignment, exports and the outbox's grouped send results on SQLite (embedded mode).</summary>
public sealed class EmbeddedConversationsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-conversations-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task ExportSet_AboveTheLimit_OnSqlite_IsWrittenToALocalFileAndDownloads()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db"));
        settings["CONVERSATION_EXPORT_SYNC_MAX"] = "1";
        await using var app = new WhatsSuiteApp(settings);
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var queue = await seeder.QueueAsync();
        var connection = await seeder.ConnectionAsync([queue]);
        var conversations = new[] { await seeder.ConversationAsync(connection, queue), await seeder.ConversationAsync(await seeder.ConnectionAsync([queue]), queue) };
        foreach (var conversation in conversations)
        {
            await seeder.MessageAsync(conversation, await app.QueryAsync(db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.ConnectionId).SingleAsync()), "hello, \"there\"");
        }

        using var admin = app.CreateClient().WithBearer(adminToken);
        using var accepted = await admin.GetAsync($"/api/v1/conversations/export?queueId={queue}&format=csv");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.OriginalString;
        await Eventually.TrueAsync(
            async () => (await (await admin.GetAsync(location)).ReadJsonAsync()).GetProperty("status").GetString() == "completed",
            "the export completed");

        using var file = await admin.GetAsync($"{location}/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        await using var gzip = new GZipStream(await file.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = (await reader.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(conversations, c => Assert.Contains(lines, l => l.StartsWith(c.ToString(), StringComparison.Ordinal)));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_directory, "archives", "exports")));
    }

    [Fact]
    public async Task DeskResume_OnSqliteWithoutRedis_ReplaysFromTheInMemoryJournal()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var queue = await seeder.QueueAsync();
        var agent = await seeder.UserAsync("AGENTE");
        var conversation = await seeder.ConversationAsync(await seeder.ConnectionAsync([queue]), queue);
        await using var adminDesk = await DeskClient.ConnectAsync(app, adminToken);
        long cursor;
        await using (var before = await DeskClient.ConnectAsync(app, agent.Token))
        {
            // Joining the queue shows the agent its conversation. Desk events are delivered after their commit, in commit
            // order, so once this connection heard of it, everything before is in the journal and the cursor is past it.
            await seeder.AddMemberAsync(queue, agent.Id);
            await before.NextAsync("conversation.updated", conversation);
            cursor = (await before.ResumeAsync(null)).GetProperty("cursor").GetInt64();
        }

        using var agentClient = app.CreateClient().WithBearer(agent.Token);
        Assert.Equal(HttpStatusCode.OK, (await agentClient.PostAsync($"/api/v1/conversations/{conversation}/assign", null)).StatusCode);
        var live = await adminDesk.NextAsync("conversation.assigned", conversation);
        await using var after = await DeskClient.ConnectAsync(app, agent.Token);
        var resumed = await after.ResumeAsync(cursor);
        var tooOld = await after.ResumeAsync(cursor - 1_000_000);

        var replayed = Assert.Single(resumed.GetProperty("events").EnumerateArray());
        Assert.Equal("conversation.assigned", replayed.GetProperty("type").GetString());
        Assert.Equal(live.GetProperty("cursor").GetInt64(), replayed.GetProperty("cursor").GetInt64());
        Assert.Equal("too_old", tooOld.GetProperty("refetch").GetString());
    }

    [Fact]
    public async Task ContactsTotal_OnSqlite_FollowsInsertOptOutAndDeleteThroughTheCounters()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var contacts = new[] { await seeder.ContactAsync(), await seeder.ContactAsync(optedOut: true), await seeder.ContactAsync(), await seeder.ContactAsync() };
        using var admin = app.CreateClient().WithBearer(adminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/contacts/{contacts[0]}", new { optedOut = true })).StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WhatsSuite.Infrastructure.Persistence.AppDbContext>();
            await db.Contacts.Where(c => c.Id == contacts[2]).ExecuteUpdateAsync(set => set.SetProperty(c => c.MarketingOptedOut, true));
            await db.Contacts.Where(c => c.Id == contacts[3]).ExecuteDeleteAsync();
        }

        async Task<int> Total(string query) => (await (await admin.GetAsync($"/api/v1/contacts?pageSize=1&{query}")).ReadJsonAsync()).GetProperty("totalCount").GetInt32();

        Assert.Equal(3, await Total(string.Empty));
        Assert.Equal(2, await Total("optedOut=true"));
        Assert.Equal(1, await Total("optedOut=false"));
        Assert.Equal(1, await Total("marketingOptedOut=true"));
        Assert.Equal(0, await Total("optedOut=true&marketingOptedOut=true"));
        Assert.Equal(2, await Total("marketingOptedOut=false"));

        // A SUPERVISOR's: the contacts of their queues' conversations and of those without a queue.
        var (mine, other) = (await seeder.QueueAsync(), await seeder.QueueAsync());
        var supervisor = await seeder.UserAsync("SUPERVISOR", mine);
        var connection = await seeder.ConnectionAsync([mine, other]);
        await seeder.ConversationAsync(connection, mine, contactId: contacts[0]);
        var moved = await seeder.ConversationAsync(connection, other, contactId: contacts[1]);
        await seeder.ConversationAsync(connection, other, contactId: contacts[2]);
        await seeder.ConversationAsync(connection, null);
        using var supervisorClient = app.CreateClient().WithBearer(supervisor.Token);
        async Task<int> SupervisorTotal() => (await (await supervisorClient.GetAsync("/api/v1/contacts?pageSize=1")).ReadJsonAsync()).GetProperty("totalCount").GetInt32();
        Assert.Equal(2, await SupervisorTotal());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WhatsSuite.Infrastructure.Persistence.AppDbContext>();
            await db.Conversations.Where(c => c.Id == moved).ExecuteUpdateAsync(set => set.SetProperty(c => c.QueueId, mine));
        }

        Assert.Equal(3, await SupervisorTotal());
    }

    [Fact]
    public async Task Search_AccentCaseVariantsAndClosedCounter_OnSqlite_Work()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var queue = await seeder.QueueAsync();
        var connection = await seeder.ConnectionAsync([queue]);
        var withAccent = await seeder.ConversationAsync(connection, queue, contactId: await seeder.ContactAsync(profileName: "José Peña"));
        await seeder.MessageAsync(withAccent, connection, "Mi envío no llegó");
        var without = await seeder.ConversationAsync(connection, queue);
        await seeder.MessageAsync(without, connection, "EL ENVIO LLEGO ROTO");
        var closed = await seeder.ConversationAsync(connection, queue, ConversationStatus.CLOSED);
        using var admin = app.CreateClient().WithBearer(adminToken);

        async Task<List<Guid>> Search(string term) =>
            (await (await admin.GetAsync($"/api/v1/conversations?search={Uri.EscapeDataString(term)}")).ReadJsonAsync())
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).OrderBy(i => i).ToList();

        var both = new[] { withAccent, without }.OrderBy(i => i).ToList();
        Assert.Equal(both, await Search("envío"));
        Assert.Equal(both, await Search("envio"));
        Assert.Equal(both, await Search("ENVIO"));
        Assert.Equal([without], await Search("envio llego roto"));
        Assert.Equal([withAccent], await Search("JOSE PENA"));
        Assert.Empty(await Search("zanahoria"));

        // The same meaning as on PostgreSQL (ADR 0045): message text by whole words, every word in any order, the
        // last also as a prefix; a part inside a word does not match; the contact's names match any part.
        Assert.Equal(both, await Search("llego envio"));
        Assert.Equal([without], await Search("rot"));
        Assert.Empty(await Search("nvio"));
        Assert.Equal([withAccent], await Search("ose pe"));
        await (await admin.GetAsync("/api/v1/conversations?search=ab")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(1, (await (await admin.GetAsync("/api/v1/conversations/summary")).ReadJsonAsync()).GetProperty("closed").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/conversations/{closed}/reopen", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/conversations/{without}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/conversations/{withAccent}/close", null)).StatusCode);
        Assert.Equal(2, (await (await admin.GetAsync("/api/v1/conversations/summary")).ReadJsonAsync()).GetProperty("closed").GetInt32());
    }

    [Fact]
    public async Task RecordSendResults_GroupOnSqlite_RecordsAndAuditsEachMessage()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var queue = await seeder.QueueAsync();

        // A disabled connection: its queued messages stay in the outbox, unclaimed, so only the command below records them.
        var connection = await seeder.ConnectionAsync([queue], (c, now) => c.Disable(now));
        var ids = new List<Guid>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            for (var i = 0; i < 3; i++)
            {
                var message = Message.Outbound(await seeder.ConversationAsync(connection, queue), connection, "text", $"Hola {i}", "{\"body\":\"Hola\"}", null, DateTimeOffset.UtcNow);
                db.Messages.Add(message);
                ids.Add(message.Id);
            }

            await db.SaveChangesAsync();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System("outbox"));
            var recorded = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecordSendResultsCommand(
            [
                new SendResult(ids[0], GatewaySendResult.Accepted("wamid.sqlite-0")),
                new SendResult(ids[1], GatewaySendResult.Failed(new GatewayError("131026", "Message undeliverable", null, Retryable: false, CredentialsInvalid: false))),
                new SendResult(ids[2], GatewaySendResult.Failed(new GatewayError("130429", "Rate limit hit", null, Retryable: true, CredentialsInvalid: false))),
            ]));

            Assert.True(recorded.IsSuccess);
            Assert.Equal([MessageStatus.Sent, MessageStatus.Failed, MessageStatus.Queued], recorded.Value.Select(r => r.Status));
        }

        var stored = await app.QueryAsync(db => db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id));
        Assert.Equal(("wamid.sqlite-0", MessageStatus.Sent), (stored[ids[0]].Wamid, stored[ids[0]].Status));
        Assert.Equal(("131026", MessageStatus.Failed), (stored[ids[1]].ErrorCode, stored[ids[1]].Status));
        Assert.Equal((1, MessageStatus.Queued), (stored[ids[2]].Attempts, stored[ids[2]].Status));
        var targets = ids.Select(id => id.ToString()).ToList();
        var audited = await app.QueryAsync(db => db.AuditLogs.AsNoTracking()
            .Where(a => a.Action == "RecordSendResults" && a.TargetId != null && targets.Contains(a.TargetId))
            .OrderBy(a => a.Sequence).Select(a => a.Reason).ToListAsync());
        Assert.Equal(["sent", "failed: 131026", "retry: 130429"], audited);
    }

    [Fact]
    public async Task ListSearchPagesTakeAndAutoAssign_OnSqlite_Work()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var queue = await seeder.QueueAsync();
        var otherQueue = await seeder.QueueAsync();
        var agent = await seeder.UserAsync("AGENTE", queue);
        var connection = await seeder.ConnectionAsync([queue, otherQueue]);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await seeder.ConversationAsync(connection, queue));
        }

        var hidden = await seeder.ConversationAsync(connection, otherQueue);
        await seeder.MessageAsync(ids[2], connection, "Quiero CANCELAR mi pedido");
        using var client = app.CreateClient().WithBearer(agent.Token);

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var body = await (await client.GetAsync("/api/v1/conversations?limit=2" + (cursor is null ? string.Empty : $"&cursor={cursor}"))).ReadJsonAsync();
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = body.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : body.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
        var search = await (await client.GetAsync("/api/v1/conversations?search=cancelar%20MI")).ReadJsonAsync();
        Assert.Equal(ids[2], Assert.Single(search.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/conversations/{hidden}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/conversations/{ids[0]}/assign", null)).StatusCode);
        var summary = await (await client.GetAsync("/api/v1/conversations/summary")).ReadJsonAsync();
        Assert.Equal(4, summary.GetProperty("unassigned").GetInt32());
        Assert.Equal(1, summary.GetProperty("open").GetInt32());

        using (var admin = app.CreateClient().WithBearer(adminToken))
        {
            var update = await admin.PutAsync($"/api/v1/queues/{queue}", new StringContent("{\"name\":\"Auto\",\"strategy\":\"least_busy\",\"agentCapacity\":3}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System("auto-assign-test"));
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AutoAssignConversationsCommand());

        // The background worker may have run first; either way the agent ends at capacity and no further.
        Assert.True(result.IsSuccess);
        var after = await (await client.GetAsync("/api/v1/conversations/summary")).ReadJsonAsync();
        Assert.Equal(3, after.GetProperty("open").GetInt32());
        Assert.Equal(ConversationStatus.OPEN.ToString(), (await (await client.GetAsync($"/api/v1/conversations/{ids[0]}")).ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Export_OnSqlite_StreamsEveryPageAndFiltersByLocalDays()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var queue = await seeder.QueueAsync();
        var connection = await seeder.ConnectionAsync([queue]);
        var conversation = await seeder.ConversationAsync(connection, queue);
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await app.QueryAsync(async db =>
        {
            // 520 messages a minute apart from 2026-03-01 12:00Z: more than one page of the export, over two UTC days.
            for (var i = 0; i < 520; i++)
            {
                var at = start.AddMinutes(i);
                db.Messages.Add(Message.Inbound(conversation, connection, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, $"line {i}", "{}", null, null, at, at));
            }

            return await db.SaveChangesAsync();
        });
        using var admin = app.CreateClient().WithBearer(adminToken);

        using var one = await admin.GetAsync($"/api/v1/conversations/{conversation}/export");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var messages = (await one.ReadJsonAsync()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, 520).Select(i => $"line {i}"), messages);

        // 2026-03-01 in UTC holds the messages up to 23:59Z (720 minutes from noon: all 520); in Tokyo (UTC+9) it ends at 15:00Z.
        var inTokyo = await app.QueryAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversation && m.SentAt < new DateTimeOffset(2026, 3, 1, 15, 0, 0, TimeSpan.Zero)));
        using var set = await admin.GetAsync($"/api/v1/conversations/export?queueId={queue}&from=2026-03-01&to=2026-03-01&tz=Asia/Tokyo&format=csv");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var rows = (await set.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.Equal(180, inTokyo);
        Assert.Equal(inTokyo, rows);
    }
}
