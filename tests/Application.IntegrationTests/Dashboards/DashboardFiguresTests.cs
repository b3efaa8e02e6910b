using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.CloseConversation;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Application.Dashboards.GetDashboardDaily;
using WhatsSuite.Application.Dashboards.GetDashboardDrilldown;
using WhatsSuite.Application.Dashboards.GetDashboardOverview;
using WhatsSuite.Application.Dashboards.GetDashboardQueues;
using WhatsSuite.Application.Dashboards.RefreshDashboardRollups;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Queues.SetQueueResponseTarget;
using WhatsSuite.Domain.Archives;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Dashboards;

/// <summary>
/// The dashboards' figures, read from the rollups, equal a direct SQL count over the messages of a generated data set,
/// in a time zone whose offset is not a whole hour, and stay equal after late messages, late statuses, transfers and a
/// merge. Each test uses queues and a month of its own, so tests sharing the class's database do not see each other.
/// </summary>
public sealed class DashboardFiguresTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private const string Zone = "Asia/Kolkata";

    /// <summary>
    /// The zones the figures are compared in: a half-hour offset, UTC, a zone with summer time behind UTC (its change in
    /// the March data set's period) and one far ahead of it (+12:45 / +13:45). Local days are made of UTC days and
    /// moved 15-minute buckets (ADR 0054), so each one moves different hours.
    /// </summary>
    private static readonly string[] Zones = [Zone, "UTC", "America/New_York", "Pacific/Chatham"];

    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task Figures_GeneratedDataSet_EqualDirectSqlCounts()
    {
        var data = await GenerateAsync(new DateOnly(2026, 1, 1), seed: 14);
        await RollUpAsync();

        await AssertEqualToSqlAsync(data);
    }

    [Fact]
    public async Task Figures_LateMessagesStatusesTransfersAndMerge_StayEqualToDirectSql()
    {
        var data = await GenerateAsync(new DateOnly(2026, 3, 1), seed: 28);
        await RollUpAsync();
        await AssertEqualToSqlAsync(data);

        // A late inbound message (sent days ago, stored now), late statuses on outbound messages, a transfer to the
        // other queue and a merge of one conversation into another.
        var now = DateTimeOffset.UtcNow;
        var late = data.Conversations[0];
        var transferred = data.Conversations[1];
        var (merged, kept) = (data.Conversations[2], data.Conversations[4]); // the same number: only those merge
        await fixture.ChangeAsync(async db =>
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == late.Id);
            var sentAt = new DateTimeOffset(data.Start.AddDays(2).ToDateTime(new TimeOnly(3, 7)), TimeSpan.Zero);
            conversation.RecordInbound(sentAt, "tarde", now);
            db.Messages.Add(Message.Inbound(late.Id, late.ConnectionId, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, "tarde", "{}", null, null, sentAt, now));
            foreach (var message in await db.Messages.Where(m => m.Direction == MessageDirection.Outbound && data.Ids.Contains(m.ConversationId)).Take(10).ToListAsync())
            {
                message.ApplyStatus(MessageStatus.Read, now, null, null, now);
            }

            var moved = await db.Conversations.SingleAsync(c => c.Id == transferred.Id);
            moved.MoveToQueue(moved.QueueId == data.Queues[0] ? data.Queues[1] : data.Queues[0], now);
        });
        await fixture.ChangeAsync(async db =>
        {
            var from = merged.Id;
            await db.Messages.Where(m => m.ConversationId == from).ExecuteUpdateAsync(s => s.SetProperty(m => m.ConversationId, kept.Id));
            var survivor = await db.Conversations.SingleAsync(c => c.Id == kept.Id);
            var gone = await db.Conversations.SingleAsync(c => c.Id == from);
            survivor.Absorb(gone, now);
            db.Conversations.Remove(gone);
        });
        data.Ids.Remove(merged.Id);

        await RollUpAsync();

        await AssertEqualToSqlAsync(data);
    }

    [Fact]
    public async Task Rollup_LateMessagesOnCountedConversations_AreCountedAndTheirBucketsForgotten()
    {
        var data = await GenerateAsync(new DateOnly(2026, 4, 1), seed: 35);
        await RollUpAsync();

        // A late customer message and a late agent answer in two conversations already counted, days before their last
        // messages; and a new message in order in a third.
        var now = DateTimeOffset.UtcNow;
        var (first, second, third) = (data.Conversations[0], data.Conversations[1], data.Conversations[2]);
        var agent = await Seed.UserAsync(Role.AGENTE, data.Queues[0]);
        await fixture.ChangeAsync(async db =>
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == first.Id);
            var lateAt = conversation.LastMessageAt!.Value.AddDays(-3);
            _ = conversation.RecordInbound(lateAt, "tarde", now);
            db.Messages.Add(Message.Inbound(first.Id, first.ConnectionId, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, "tarde", "{}", null, null, lateAt, now));

            var answered = await db.Conversations.SingleAsync(c => c.Id == second.Id);
            var answerAt = answered.LastMessageAt!.Value.AddDays(-2).AddMinutes(3);
            answered.RecordOutbound(answerAt, "respuesta", now);
            db.Messages.Add(Message.Outbound(second.Id, second.ConnectionId, MessageTypes.Text, "respuesta", "{}", agent.Id, answerAt));

            var inOrder = await db.Conversations.SingleAsync(c => c.Id == third.Id);
            var nextAt = inOrder.LastMessageAt!.Value.AddMinutes(20);
            _ = inOrder.RecordInbound(nextAt, "sigo", now);
            db.Messages.Add(Message.Inbound(third.Id, third.ConnectionId, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, "sigo", "{}", null, null, nextAt, now));
        });
        var marked = await fixture.QueryAsync(db => db.Conversations.Where(c => c.Id == first.Id || c.Id == second.Id || c.Id == third.Id)
            .ToDictionaryAsync(c => c.Id, c => c.RecountFrom));
        Assert.NotNull(marked[first.Id]);
        Assert.NotNull(marked[second.Id]);
        Assert.Null(marked[third.Id]);

        await RollUpAsync();

        await AssertEqualToSqlAsync(data);
        var left = await fixture.QueryAsync(db => db.Conversations.Where(c => data.Ids.Contains(c.Id) && c.RecountFrom != null).CountAsync());
        Assert.Equal(0, left);
    }

    [Fact]
    public async Task Rollup_NewMessageAfterItsOlderOnesWereArchived_KeepsTheArchivedOnesCounted()
    {
        // The earliest month of the class's data sets: once it is archived, the others are all after it, as they would be.
        var data = await GenerateAsync(new DateOnly(2025, 1, 1), seed: 49);
        await RollUpAsync();
        var conversation = data.Conversations[0];
        var before = await fixture.QueryAsync(db => db.ConversationMessageCounts.Where(c => c.ConversationId == conversation.Id).SumAsync(c => c.Count));
        var answered = await fixture.QueryAsync(db => db.ResponseEpisodes.Where(e => e.ConversationId == conversation.Id && e.RespondedAt != null)
            .Select(e => e.StartedAt).ToListAsync());

        // Archiving takes January's messages out of the live table (a dropped partition) and records the archive; the
        // figures stay as they were. Then the customer writes again, in February.
        var january = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await fixture.ChangeAsync(async db =>
        {
            await db.Messages.Where(m => m.SentAt < january.AddMonths(1)).ExecuteDeleteAsync();
            db.HistoryArchives.Add(HistoryArchive.Record(Guid.NewGuid(), HistoryTables.Messages, january, january.AddMonths(1), 1, "messages-2025-01.jsonl.gz", new string('0', 64), 1, DateTimeOffset.UtcNow));
        });
        await fixture.ChangeAsync(async db =>
        {
            var tracked = await db.Conversations.SingleAsync(c => c.Id == conversation.Id);
            var nextAt = january.AddMonths(1).AddDays(2);
            _ = tracked.RecordInbound(nextAt, "otra vez", DateTimeOffset.UtcNow);
            db.Messages.Add(Message.Inbound(conversation.Id, conversation.ConnectionId, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, "otra vez", "{}", null, null, nextAt, DateTimeOffset.UtcNow));
        });

        await RollUpAsync();

        var after = await fixture.QueryAsync(db => db.ConversationMessageCounts.Where(c => c.ConversationId == conversation.Id).SumAsync(c => c.Count));
        Assert.Equal(before + 1, after);
        var kept = await fixture.QueryAsync(db => db.ResponseEpisodes.Where(e => e.ConversationId == conversation.Id && e.RespondedAt != null)
            .Select(e => e.StartedAt).ToListAsync());
        Assert.Equal(answered.Order(), kept.Order());
    }

    [Fact]
    public async Task Resolution_ClosedThroughTheCommand_RecordsTheCycleQueueAndAgent()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id, lastInboundAgo: TimeSpan.FromMinutes(30));

        var closed = await fixture.SendAsync(agent.Actor, new CloseConversationCommand(conversation.Id));

        Assert.True(closed.IsSuccess);
        var resolution = Assert.Single(await fixture.QueryAsync(db => db.ConversationResolutions.Where(r => r.ConversationId == conversation.Id).ToListAsync()));
        Assert.Equal((queue, agent.Id), (resolution.QueueId, resolution.AgentId));
        Assert.InRange(resolution.Seconds, 29 * 60, 31 * 60);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var overview = await fixture.SendAsync(supervisor.Actor, new GetDashboardOverviewQuery(today.AddDays(-1), today.AddDays(1), "UTC", queue));
        Assert.Equal((1, resolution.Seconds), (overview.Value.Resolution.Resolved, overview.Value.Resolution.MedianSeconds!.Value));
    }

    [Fact]
    public async Task Scope_Supervisor_SeesTheirQueuesOnlyAndAnotherQueueIsNotFound()
    {
        var mine = await Seed.QueueAsync();
        var other = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, mine);
        var agent = await Seed.UserAsync(Role.AGENTE, mine);

        var refused = await fixture.SendAsync(supervisor.Actor, new GetDashboardOverviewQuery(null, null, null, other));
        var queues = await fixture.SendAsync(supervisor.Actor, new GetDashboardQueuesQuery(null, null, null, null));
        var forAgent = await fixture.SendAsync(agent.Actor, new GetDashboardOverviewQuery(null, null, null, mine));
        var badZone = await fixture.SendAsync(supervisor.Actor, new GetDashboardOverviewQuery(null, null, "Mars/Olympus", null));
        var reversed = await fixture.SendAsync(supervisor.Actor, new GetDashboardOverviewQuery(new DateOnly(2026, 2, 2), new DateOnly(2026, 2, 1), null, null));
        var badLevel = await fixture.SendAsync(supervisor.Actor, new GetDashboardDrilldownQuery("weekday", null, null, null, null));

        Assert.Equal("dashboards.queue_not_found", refused.Error!.Code);
        Assert.Contains(queues.Value.Queues, q => q.QueueId == mine);
        Assert.DoesNotContain(queues.Value.Queues, q => q.QueueId == other);
        Assert.Equal(ErrorType.Forbidden, forAgent.Error!.Type);
        Assert.Contains("tz", badZone.Error!.FieldErrors!.Keys);
        Assert.Contains("from", reversed.Error!.FieldErrors!.Keys);
        Assert.Contains("Level", badLevel.Error!.FieldErrors!.Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rollup_SystemActor_IsAuditedAndARunWithoutChangesKeepsTheVersion()
    {
        var queue = await Seed.QueueAsync();
        var connection = await Seed.ConnectionAsync([queue]);
        await Seed.ConversationAsync(connection, queue);

        await RollUpAsync();
        var version = await fixture.QueryAsync(db => db.DashboardRollupStates.Select(s => s.Version).SingleAsync());
        await RollUpAsync();

        Assert.Equal(version, await fixture.QueryAsync(db => db.DashboardRollupStates.Select(s => s.Version).SingleAsync()));
        var audit = await fixture.QueryAsync(db => db.AuditLogs.Where(a => a.Action == "RefreshDashboardRollups").ToListAsync());
        Assert.NotEmpty(audit);
        Assert.All(audit, a => Assert.Equal(("job:dashboard-rollup", ActorKind.System, AuditOutcome.Success), (a.ActorId, a.ActorKind, a.Outcome)));
    }

    [Fact]
    public async Task Rollup_ChangeStampedBeforeTheWatermarkButCommittedAfterTheRun_IsStillCounted()
    {
        var queue = await Seed.QueueAsync();
        var connection = await Seed.ConnectionAsync([queue]);
        var seeded = await Seed.ConversationAsync(connection, queue);
        await RollUpAsync();
        var watermark = await fixture.QueryAsync(db => db.DashboardRollupStates.Select(s => s.Watermark).SingleAsync());

        // A transaction that took its time before the last run (so its change time is behind the watermark, within the
        // overlap) and committed after it.
        var stampedEarly = watermark - TimeSpan.FromMinutes(1);
        await fixture.ChangeAsync(async db =>
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == seeded.Id);
            conversation.RecordInbound(stampedEarly, "tarde", stampedEarly);
            db.Messages.Add(Message.Inbound(seeded.Id, connection, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, "tarde", "{}", null, null, stampedEarly, stampedEarly));
        });
        await RollUpAsync();

        var counted = await fixture.QueryAsync(db => db.ConversationMessageCounts.Where(c => c.ConversationId == seeded.Id).SumAsync(c => c.Count));
        Assert.Equal(2, counted);
        var mark = await fixture.QueryAsync(db => db.RecountedConversations.SingleAsync(r => r.ConversationId == seeded.Id));
        var current = await fixture.QueryAsync(db => db.Conversations.Where(c => c.Id == seeded.Id).Select(c => new { c.UpdatedAt, c.Version }).SingleAsync());
        Assert.True(mark.Covers(current.UpdatedAt, current.Version));
    }

    [Fact]
    public async Task FirstResponses_UnansweredWaitsAroundTheirTargets_BreachOnlyPastTheirQueuesTarget()
    {
        // Waits that started 100 s, 400 s and 10 days ago, in a queue with the default 300 s target and one with 600 s:
        // a recent wait is judged by when it started, an old one breaches every target (ADR 0054 counts those per queue).
        var queues = new[] { await Seed.QueueAsync(), await Seed.QueueAsync() };
        var admin = await Seed.UserAsync(Role.ADMIN);
        Assert.True((await fixture.SendAsync(admin.Actor, new SetQueueResponseTargetCommand(queues[1], 600))).IsSuccess);
        var connection = await Seed.ConnectionAsync(queues);
        var now = DateTimeOffset.UtcNow;
        foreach (var queue in queues)
        {
            foreach (var ago in new[] { TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(400), TimeSpan.FromDays(10), TimeSpan.FromDays(10.5) })
            {
                var contact = await Seed.ContactAsync();
                var conversation = Conversation.StartInbound(connection, contact, queue, now);
                await fixture.ChangeAsync(db =>
                {
                    db.Conversations.Add(conversation);
                    db.Messages.Add(Message.Inbound(conversation.Id, connection, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, "hola", "{}", null, null, now - ago, now));
                    return Task.CompletedTask;
                });
            }
        }

        await RollUpAsync();

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var expected = new[] { (Queue: queues[0], Breaches: 3), (Queue: queues[1], Breaches: 2) };
        foreach (var (queue, breaches) in expected)
        {
            var overview = (await fixture.SendAsync(admin.Actor, new GetDashboardOverviewQuery(today.AddDays(-12), today, "UTC", queue))).Value;
            Assert.Equal(new FirstResponseFigures(0, 4, null, null, breaches), overview.FirstResponse);
        }
    }

    [Fact]
    public async Task Live_WaitingOldestAndOpenNow_EqualDirectSqlInEachScope()
    {
        var queues = new[] { await Seed.QueueAsync(), await Seed.QueueAsync() };
        var admin = await Seed.UserAsync(Role.ADMIN);
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queues[0]);
        var agent = await Seed.UserAsync(Role.AGENTE, queues);
        var connection = await Seed.ConnectionAsync(queues);

        // Waiting conversations of several ages in each queue and without one, some held and some closed.
        foreach (var (queue, minutes) in new (Guid?, int)[] { (queues[0], 50), (queues[0], 7), (queues[1], 400_000), (queues[1], 3), (null, 90) })
        {
            var waiting = await Seed.ConversationAsync(connection, queue);
            await fixture.Database.ExecuteAsync("UPDATE conversations SET updated_at = now() - make_interval(mins => @minutes) WHERE id = @id", ("minutes", minutes), ("id", waiting.Id));
        }

        await Seed.ConversationAsync(connection, queues[0], ConversationStatus.OPEN, agent.Id);
        await Seed.ConversationAsync(connection, queues[1], ConversationStatus.OPEN, agent.Id);
        await Seed.ConversationAsync(connection, queues[1], ConversationStatus.CLOSED);

        // A period no other test asks for: a view is cached with its live figures.
        var (from, to) = (new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 2));
        var before = DateTimeOffset.UtcNow;
        var everything = (await fixture.SendAsync(admin.Actor, new GetDashboardOverviewQuery(from, to, "UTC", null))).Value.Live;
        var supervisors = (await fixture.SendAsync(supervisor.Actor, new GetDashboardOverviewQuery(from, to, "UTC", null))).Value.Live;
        var perQueue = (await fixture.SendAsync(admin.Actor, new GetDashboardQueuesQuery(from, to, "UTC", null))).Value.Queues;
        var after = DateTimeOffset.UtcNow;

        await AssertLiveEqualsSqlAsync(everything, "TRUE", before, after);
        await AssertLiveEqualsSqlAsync(supervisors, $"(queue_id IS NULL OR queue_id = '{queues[0]}')", before, after);
        await AssertLiveEqualsSqlAsync(perQueue.Single(q => q.QueueId == queues[0]).Live, $"queue_id = '{queues[0]}'", before, after);
        await AssertLiveEqualsSqlAsync(perQueue.Single(q => q.QueueId == queues[1]).Live, $"queue_id = '{queues[1]}'", before, after);
        Assert.InRange(perQueue.Single(q => q.QueueId == queues[1]).Live.OldestWaitSeconds!.Value, 400_000 * 60, (400_000 * 60) + 60);
    }

    /// <summary>
    /// <paramref name="live"/> holds what a direct SQL count of the conversations <paramref name="where"/> keeps says: those
    /// waiting, those held, and the oldest wait as seen at some instant between <paramref name="before"/> and
    /// <paramref name="after"/>.
    /// </summary>
    private async Task AssertLiveEqualsSqlAsync(LiveFigures live, string where, DateTimeOffset before, DateTimeOffset after)
    {
        var waiting = await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM conversations WHERE status = 'UNASSIGNED' AND {where}");
        var open = await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM conversations WHERE status = 'OPEN' AND {where}");
        var oldestMicroseconds = await fixture.Database.ScalarAsync<long>(
            $"SELECT COALESCE((extract(epoch FROM min(updated_at)) * 1000000)::bigint, 0) FROM conversations WHERE status = 'UNASSIGNED' AND {where}");
        var oldest = DateTimeOffset.UnixEpoch.AddTicks(oldestMicroseconds * 10);

        Assert.Equal(waiting, live.WaitingNow);
        Assert.Equal(open, live.OpenNow);
        Assert.NotNull(live.OldestWaitSeconds);
        Assert.InRange(live.OldestWaitSeconds.Value, (int)Math.Floor((before - oldest).TotalSeconds), (int)Math.Floor((after - oldest).TotalSeconds));
    }

    /// <summary>Runs the rollup to the end, as the job does.</summary>
    private async Task RollUpAsync()
    {
        DateTimeOffset? after = null;
        Guid? afterId = null;
        for (var i = 0; i < 1000; i++)
        {
            var batch = await fixture.SendAsync(Actor.System("dashboard-rollup"), new RefreshDashboardRollupsCommand(after, afterId));
            Assert.True(batch.IsSuccess, batch.IsSuccess ? null : batch.Error.Code);
            (after, afterId) = (batch.Value.NextUpdatedAt, batch.Value.NextId);
            if (batch.Value.Done)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Two queues (one with a 10-minute target), four agents, two numbers and 40 conversations of 1-14 messages each over
    /// 10 days from <paramref name="start"/>: inbound and outbound, text, image, audio and document, outbound from an
    /// agent or automatic, at second-precise random times, each recorded on its conversation as the product does.
    /// </summary>
    private async Task<DataSet> GenerateAsync(DateOnly start, int seed)
    {
        var random = new Random(seed);
        var queues = new[] { await Seed.QueueAsync(), await Seed.QueueAsync() };
        var admin = await Seed.UserAsync(Role.ADMIN);
        var targetSet = await fixture.SendAsync(admin.Actor, new SetQueueResponseTargetCommand(queues[1], 600));
        Assert.True(targetSet.IsSuccess);
        var agents = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            agents.Add((await Seed.UserAsync(Role.AGENTE, queues[i % 2])).Id);
        }

        var connections = new[] { await Seed.ConnectionAsync(queues), await Seed.ConnectionAsync(queues) };
        string[] types = [MessageTypes.Text, MessageTypes.Text, MessageTypes.Image, MessageTypes.Audio, MessageTypes.Document];
        var conversations = new List<(Guid Id, Guid ConnectionId)>();
        var origin = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        for (var c = 0; c < 40; c++)
        {
            var contact = await Seed.ContactAsync();
            var connection = connections[c % 2];
            var now = DateTimeOffset.UtcNow;
            var conversation = Conversation.StartInbound(connection, contact, queues[random.Next(2)], now);
            var messages = new List<Message>();
            var at = origin.AddSeconds(random.Next(0, 10 * 24 * 3600));
            var count = random.Next(1, 15);
            for (var m = 0; m < count; m++)
            {
                at = at.AddSeconds(random.Next(1, 4 * 3600));
                var type = types[random.Next(types.Length)];
                if (random.Next(3) == 0)
                {
                    messages.Add(Message.Outbound(conversation.Id, connection, type, "respuesta", "{}", random.Next(5) == 0 ? null : agents[random.Next(agents.Count)], at));
                    conversation.RecordOutbound(at, "respuesta", now);
                }
                else
                {
                    messages.Add(Message.Inbound(conversation.Id, connection, $"wamid.{Guid.NewGuid():N}", type, "hola", "{}", null, null, at, now));
                    _ = conversation.RecordInbound(at, "hola", now);
                }
            }

            await fixture.ChangeAsync(db =>
            {
                db.Conversations.Add(conversation);
                db.Messages.AddRange(messages);
                return Task.CompletedTask;
            });
            conversations.Add((conversation.Id, connection));
        }

        return new DataSet(start, queues, conversations, conversations.Select(c => c.Id).ToHashSet());
    }

    private async Task AssertEqualToSqlAsync(DataSet data)
    {
        foreach (var zone in Zones)
        {
            try
            {
                await AssertEqualToSqlAsync(data, zone);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                throw new Xunit.Sdk.XunitException($"In {zone}: {e.Message}");
            }
        }
    }

    private async Task AssertEqualToSqlAsync(DataSet data, string zone)
    {
        var admin = (await Seed.UserAsync(Role.ADMIN)).Actor;
        var from = data.Start.AddDays(2);
        var to = data.Start.AddDays(8);
        foreach (var queue in data.Queues)
        {
            var overview = (await fixture.SendAsync(admin, new GetDashboardOverviewQuery(from, to, zone, queue))).Value;
            var daily = (await fixture.SendAsync(admin, new GetDashboardDailyQuery(from, to, zone, queue))).Value;
            var hours = (await fixture.SendAsync(admin, new GetDashboardDrilldownQuery("hour", from, to, zone, queue))).Value;
            var types = (await fixture.SendAsync(admin, new GetDashboardDrilldownQuery("message_type", from, to, zone, queue))).Value;
            var agents = (await fixture.SendAsync(admin, new GetDashboardDrilldownQuery("agent", from, to, zone, queue))).Value;
            var row = Assert.Single((await fixture.SendAsync(admin, new GetDashboardQueuesQuery(from, to, zone, queue))).Value.Queues);

            var expected = await SqlRowsAsync(
                """
                SELECT count(*), count(*) FILTER (WHERE m.direction = 'Inbound'), count(*) FILTER (WHERE m.direction = 'Outbound'),
                       count(*) FILTER (WHERE m.direction = 'Outbound' AND m.type IN ('image','audio','video','document','sticker')),
                       count(*) FILTER (WHERE m.direction = 'Outbound' AND m.type = 'audio')
                FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE c.queue_id = @queue AND (m.sent_at AT TIME ZONE @zone)::date BETWEEN @from AND @to
                """,
                queue,
                zone,
                from,
                to);
            var messages = new MessageFigures(I(expected[0][0]), I(expected[0][1]), I(expected[0][2]), I(expected[0][3]), I(expected[0][4]));
            Assert.Equal(messages, overview.Messages);
            Assert.Equal(messages, row.Messages);
            Assert.True(messages.Total > 0, "the generated data set has messages in the period");

            var perDay = (await SqlRowsAsync(
                """
                SELECT to_char((m.sent_at AT TIME ZONE @zone)::date, 'YYYY-MM-DD'), count(*)
                FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE c.queue_id = @queue AND (m.sent_at AT TIME ZONE @zone)::date BETWEEN @from AND @to GROUP BY 1
                """,
                queue,
                zone,
                from,
                to)).ToDictionary(r => (string)r[0], r => (long)r[1]);
            Assert.Equal(7, daily.Days.Count);
            Assert.All(daily.Days, d => Assert.Equal(perDay.GetValueOrDefault(d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), d.Messages.Total));

            var perHour = (await SqlRowsAsync(
                """
                SELECT to_char(m.sent_at AT TIME ZONE @zone, 'HH24'), count(*)
                FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE c.queue_id = @queue AND (m.sent_at AT TIME ZONE @zone)::date BETWEEN @from AND @to GROUP BY 1
                """,
                queue,
                zone,
                from,
                to)).ToDictionary(r => (string)r[0], r => (long)r[1]);
            Assert.Equal(24, hours.Rows.Count);
            Assert.All(hours.Rows, h => Assert.Equal(perHour.GetValueOrDefault(h.Key), h.Value));

            var perType = (await SqlRowsAsync(
                """
                SELECT m.type, count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE c.queue_id = @queue AND (m.sent_at AT TIME ZONE @zone)::date BETWEEN @from AND @to GROUP BY 1
                """,
                queue,
                zone,
                from,
                to)).ToDictionary(r => (string)r[0], r => (long)r[1]);
            Assert.Equal(perType, types.Rows.ToDictionary(r => r.Key, r => (long)r.Value));

            var perAgent = (await SqlRowsAsync(
                """
                SELECT coalesce(m.sender_user_id, '00000000-0000-0000-0000-000000000000')::text, count(*)
                FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE c.queue_id = @queue AND m.direction = 'Outbound' AND (m.sent_at AT TIME ZONE @zone)::date BETWEEN @from AND @to GROUP BY 1
                """,
                queue,
                zone,
                from,
                to)).ToDictionary(r => (string)r[0], r => (long)r[1]);
            Assert.Equal(perAgent, agents.Rows.ToDictionary(r => r.Key, r => (long)r.Value));

            var target = queue == data.Queues[1] ? 600 : 300;
            var responses = await SqlRowsAsync(
                $"""
                WITH ordered AS (
                    SELECT m.conversation_id, m.direction, m.sent_at,
                           (m.direction = 'Outbound' AND m.sender_user_id IS NOT NULL) AS is_reply,
                           sum(CASE WHEN m.direction = 'Outbound' AND m.sender_user_id IS NOT NULL THEN 1 ELSE 0 END)
                               OVER (PARTITION BY m.conversation_id ORDER BY m.sent_at, m.id ROWS UNBOUNDED PRECEDING) AS grp
                    FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.queue_id = @queue),
                starts AS (SELECT conversation_id, grp, min(sent_at) AS started_at FROM ordered WHERE direction = 'Inbound' GROUP BY conversation_id, grp),
                replies AS (SELECT conversation_id, grp, sent_at AS responded_at FROM ordered WHERE is_reply),
                waits AS (
                    SELECT s.started_at, floor(extract(epoch FROM r.responded_at - s.started_at))::int AS seconds
                    FROM starts s LEFT JOIN replies r ON r.conversation_id = s.conversation_id AND r.grp = s.grp + 1
                    WHERE (s.started_at AT TIME ZONE @zone)::date BETWEEN @from AND @to)
                SELECT count(seconds), count(*) - count(seconds),
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY seconds), percentile_disc(0.9) WITHIN GROUP (ORDER BY seconds),
                       count(*) FILTER (WHERE seconds IS NULL OR seconds > {target})
                FROM waits
                """,
                queue,
                zone,
                from,
                to);
            var firstResponse = new FirstResponseFigures(
                I(responses[0][0]),
                I(responses[0][1]),
                responses[0][2] is DBNull ? null : I(responses[0][2]),
                responses[0][3] is DBNull ? null : I(responses[0][3]),
                I(responses[0][4]));
            Assert.Equal(firstResponse, overview.FirstResponse);
            Assert.Equal(firstResponse, row.FirstResponse);
            Assert.True(firstResponse.Answered > 0, "the generated data set has answered waits in the period");
        }
    }

    private async Task<List<object[]>> SqlRowsAsync(string sql, Guid queue, string zone, DateOnly from, DateOnly to)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The test's own SQL; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Parameters.AddWithValue("queue", queue);
        command.Parameters.AddWithValue("zone", zone);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    private static int I(object value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    private sealed record DataSet(DateOnly Start, Guid[] Queues, List<(Guid Id, Guid ConnectionId)> Conversations, HashSet<Guid> Ids);
}
