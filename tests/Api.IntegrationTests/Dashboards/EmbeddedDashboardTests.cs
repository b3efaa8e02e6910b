using System.Net;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Dashboards.RefreshDashboardRollups;
using WhatsSuite.Application.Presence;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Presence;
using WhatsSuite.Domain.Users;
using WhatsSuite.Infrastructure.Jobs;

namespace WhatsSuite.Api.IntegrationTests.Dashboards;

/// <summary>
/// The dashboards on SQLite (embedded mode): local days read from the daily totals with the hour between UTC and local
/// midnight moved (ADR 0054), and first responses counted by the database, as in PostgreSQL.
/// </summary>
public sealed class EmbeddedDashboardTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-dashboards-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Dashboards_OnSqlite_CountLocalDaysAndFirstResponses()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var queue = await seeder.QueueAsync();
        var agent = await seeder.UserAsync("AGENTE", queue);
        var connection = await seeder.ConnectionAsync([queue]);
        var conversation = await seeder.ConversationAsync(connection, queue);

        // Madrid is at +01:00 in January: its 10 January runs from 9 January 23:00 UTC to 10 January 23:00 UTC.
        static DateTimeOffset Utc(int day, int hour, int minute) => new(2026, 1, day, hour, minute, 0, TimeSpan.Zero);
        var now = DateTimeOffset.UtcNow;
        Message[] messages =
        [
            Inbound(Utc(9, 22, 30)), // 9 Jan local; a wait starts
            Inbound(Utc(9, 23, 30)), // 10 Jan local; the same wait
            Message.Outbound(conversation, connection, MessageTypes.Text, "hola", "{}", agent.Id, Utc(9, 23, 40)), // 10 Jan; answers after 4,200 s
            Inbound(Utc(10, 12, 0)), // 10 Jan; a new wait, never answered
            Inbound(Utc(10, 23, 15)), // 11 Jan local
            Message.Outbound(conversation, connection, MessageTypes.Image, null, "{}", null, Utc(11, 10, 0)), // 11 Jan; automatic: answers nothing
        ];
        await app.WithDbAsync(async (db, _) =>
        {
            db.Messages.AddRange(messages);
            (await db.Conversations.SingleAsync(c => c.Id == conversation)).RecordInbound(Utc(10, 23, 15), "hola", now); // changed: recounted by the next run
            return await db.SaveChangesAsync();
        });
        await RollUpAsync(app);

        using var admin = app.CreateClient().WithBearer(adminToken);
        const string period = "from=2026-01-09&to=2026-01-11&tz=Europe/Madrid";
        using var dailyResponse = await admin.GetAsync($"/api/v1/dashboard/daily?{period}&queueId={queue}");
        Assert.Equal(HttpStatusCode.OK, dailyResponse.StatusCode);
        var days = (await dailyResponse.ReadJsonAsync()).GetProperty("days").EnumerateArray()
            .ToDictionary(d => d.GetProperty("date").GetString()!, d => (Messages: d.GetProperty("messages").GetProperty("total").GetInt32(), Responses: d.GetProperty("responses").GetInt32()));
        Assert.Equal((1, 1), days["2026-01-09"]);
        Assert.Equal((3, 0), days["2026-01-10"]);
        Assert.Equal((2, 0), days["2026-01-11"]);

        using var overviewResponse = await admin.GetAsync($"/api/v1/dashboard/overview?{period}&queueId={queue}");
        var overview = await overviewResponse.ReadJsonAsync();
        var figures = overview.GetProperty("messages");
        Assert.Equal((6, 4, 2, 1), (figures.GetProperty("total").GetInt32(), figures.GetProperty("inbound").GetInt32(), figures.GetProperty("outbound").GetInt32(), figures.GetProperty("mediaSent").GetInt32()));
        var firstResponse = overview.GetProperty("firstResponse");
        Assert.Equal(
            (1, 1, 4200, 4200, 2),
            (firstResponse.GetProperty("answered").GetInt32(), firstResponse.GetProperty("unanswered").GetInt32(), firstResponse.GetProperty("medianSeconds").GetInt32(),
                firstResponse.GetProperty("p90Seconds").GetInt32(), firstResponse.GetProperty("slaBreaches").GetInt32()));

        // Right now: the one conversation waits in the queue since its last change; every queue and none are probed.
        var live = overview.GetProperty("live");
        Assert.Equal((1, 0), (live.GetProperty("waitingNow").GetInt32(), live.GetProperty("openNow").GetInt32()));
        Assert.InRange(live.GetProperty("oldestWaitSeconds").GetInt32(), 0, (int)(DateTimeOffset.UtcNow - now).TotalSeconds + 1);
        using var everythingResponse = await admin.GetAsync($"/api/v1/dashboard/overview?{period}");
        var everything = (await everythingResponse.ReadJsonAsync()).GetProperty("live");
        Assert.Equal(live.GetProperty("waitingNow").GetInt32(), everything.GetProperty("waitingNow").GetInt32());
        Assert.InRange(everything.GetProperty("oldestWaitSeconds").GetInt32(), 0, (int)(DateTimeOffset.UtcNow - now).TotalSeconds + 1);

        using var typesResponse = await admin.GetAsync($"/api/v1/dashboard/drilldown?level=message_type&{period}&queueId={queue}");
        var types = (await typesResponse.ReadJsonAsync()).GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("value").GetInt32());
        Assert.Equal(new Dictionary<string, int> { [MessageTypes.Text] = 5, [MessageTypes.Image] = 1 }, types);

        // A late message (sent on 9 January local, stored now, in the wait already counted): the next run recounts from
        // its bucket, on SQLite as on PostgreSQL, and the conversation forgets the bucket (ADR 0028, amended).
        await app.WithDbAsync(async (db, _) =>
        {
            db.Messages.Add(Inbound(Utc(9, 22, 45)));
            (await db.Conversations.SingleAsync(c => c.Id == conversation)).RecordInbound(Utc(9, 22, 45), "tarde", DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        await RollUpAsync(app);
        using var lateResponse = await admin.GetAsync($"/api/v1/dashboard/daily?{period}&queueId={queue}");
        var lateDay = (await lateResponse.ReadJsonAsync()).GetProperty("days").EnumerateArray().Single(d => d.GetProperty("date").GetString() == "2026-01-09");
        Assert.Equal((2, 1), (lateDay.GetProperty("messages").GetProperty("total").GetInt32(), lateDay.GetProperty("responses").GetInt32()));
        Assert.Null(await app.WithDbAsync((db, _) => db.Conversations.Where(c => c.Id == conversation).Select(c => c.RecountFrom).SingleAsync()));

        Message Inbound(DateTimeOffset sentAt) =>
            Message.Inbound(conversation, connection, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, "hola", "{}", null, null, sentAt, now);
    }

    [Fact]
    public async Task PresenceAndCampaigns_OnSqlite_AgentOnTheDeskIsRecordedByTheJobAndCampaignsAreListed()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var queue = await seeder.QueueAsync();
        var agent = await seeder.UserAsync("AGENTE", queue);
        var connection = await seeder.ConnectionAsync([queue]);
        var now = DateTimeOffset.UtcNow;

        // The agent holds a desk connection: the presence job's run records them; an earlier run a minute ago is extended.
        await app.WithDbAsync((db, _) =>
        {
            db.PresenceIntervals.Add(PresenceInterval.Start(agent.Id, Availability.Available, now.AddMinutes(-10), now.AddSeconds(-60)));
            var campaign = Campaign.CreateDraft("Bienvenida", new CampaignSettings("promo", "es", "{}", [connection], queue, null, null, "UTC", null, null, null, null), agent.Id, now.AddHours(-2));
            campaign.MoveTo(CampaignStatus.Scheduled, null, now.AddHours(-2));
            campaign.MoveTo(CampaignStatus.Running, null, now.AddHours(-1));
            db.Campaigns.Add(campaign);
            db.CampaignRecipients.Add(CampaignRecipient.Pending(campaign.Id, "5215512345678", "5215512345678", 1, null, "{}", now));
            return db.SaveChangesAsync();
        });
        await using (var desk = await DeskClient.ConnectAsync(app, agent.Token))
        {
            // The hub registers the connection once the handshake is done, after the client's start returned.
            var registry = app.Services.GetRequiredService<IPresence>();
            for (var i = 0; i < 100 && !(await registry.OnlineAsync(CancellationToken.None)).ContainsKey(agent.Id); i++)
            {
                await Task.Delay(50);
            }

            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RecordPresenceJob>().RunAsync(CancellationToken.None);
        }

        using var admin = app.CreateClient().WithBearer(adminToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var agentsResponse = await admin.GetAsync($"/api/v1/dashboard/agents?from={today}&to={tomorrow}&tz=UTC");
        var row = (await agentsResponse.ReadJsonAsync()).GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("agentId").GetGuid() == agent.Id);
        var presence = row.GetProperty("presence");
        Assert.InRange(presence.GetProperty("onlineSeconds").GetInt32(), 540, 3600); // from 10 minutes ago until the run
        Assert.Equal(presence.GetProperty("onlineSeconds").GetInt32(), presence.GetProperty("availableSeconds").GetInt32());

        using var campaignsResponse = await admin.GetAsync($"/api/v1/dashboard/campaigns?from={today}&to={tomorrow}&tz=UTC&queueId={queue}");
        Assert.Equal(HttpStatusCode.OK, campaignsResponse.StatusCode);
        var campaigns = await campaignsResponse.ReadJsonAsync();
        var listed = Assert.Single(campaigns.GetProperty("campaigns").EnumerateArray());
        Assert.Equal(("Bienvenida", "running", 1, 1), (listed.GetProperty("name").GetString(), listed.GetProperty("status").GetString(),
            listed.GetProperty("results").GetProperty("recipients").GetInt32(), listed.GetProperty("results").GetProperty("pending").GetInt32()));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("results").GetProperty("deliveryRate").ValueKind);
    }

    /// <summary>Runs the rollup to the end as its job does (a run of the in-process job at the same moment is waited out).</summary>
    private static async Task RollUpAsync(WhatsSuiteApp app)
    {
        DateTimeOffset? after = null;
        Guid? afterId = null;
        for (var i = 0; i < 100; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System("dashboard-rollup-test"));
            var batch = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RefreshDashboardRollupsCommand(after, afterId));
            if (!batch.IsSuccess)
            {
                await Task.Delay(100);
                continue;
            }

            (after, afterId) = (batch.Value.NextUpdatedAt, batch.Value.NextId);
            if (batch.Value.Done)
            {
                return;
            }
        }

        Assert.Fail("The rollup did not finish.");
    }
}
