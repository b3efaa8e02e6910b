using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Dashboards.ExportDashboard;
using WhatsSuite.Application.Dashboards.GetDashboardAgents;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Presence;
using WhatsSuite.Application.Presence.PurgePresence;
using WhatsSuite.Application.Presence.RecordPresence;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Presence;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Dashboards;

/// <summary>
/// Presence time: the presence job's command extends and starts stretches from who is online and their availability,
/// counts no time across a missed run, and two runs racing do not count a stretch twice; the agents view adds the
/// stretches up within the period in the caller's time zone, for the users the caller may see.
/// </summary>
public sealed class PresenceTimeTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly Actor Job = Actor.System("presence");

    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task RecordPresence_OnlineUsers_ExtendsTheirStretchesStartsNewOnesAndSkipsAMissedRun()
    {
        var queue = await Seed.QueueAsync();
        var stays = await Seed.UserAsync(Role.AGENTE, queue);
        var goesAway = await Seed.UserAsync(Role.AGENTE, queue);
        var arrives = await Seed.UserAsync(Role.AGENTE, queue);
        var inactive = await Seed.UserAsync(Role.AGENTE, queue);
        var now = DateTimeOffset.UtcNow;
        var previous = now.AddSeconds(-60);
        await fixture.ChangeAsync(async db =>
        {
            db.PresenceIntervals.Add(PresenceInterval.Start(stays.Id, Availability.Available, now.AddMinutes(-5), previous));
            db.PresenceIntervals.Add(PresenceInterval.Start(goesAway.Id, Availability.Available, now.AddMinutes(-5), previous));
            (await db.Users.SingleAsync(u => u.Id == goesAway.Id)).SetAvailability(Availability.Away, now);
            (await db.Users.SingleAsync(u => u.Id == inactive.Id)).Deactivate(now);
        });
        await LastRunAtAsync(previous);

        var recorded = await fixture.SendAsync(Job, new RecordPresenceCommand([stays.Id, goesAway.Id, arrives.Id, inactive.Id, Guid.NewGuid()]));

        Assert.Equal(new PresenceRecorded(Extended: 1, Started: 2), recorded.Value);
        var stretches = await StretchesAsync(stays.Id, goesAway.Id, arrives.Id, inactive.Id);
        var stayed = Assert.Single(stretches, s => s.UserId == stays.Id);
        Assert.Equal(now.AddMinutes(-5), stayed.StartedAt, TimeSpan.FromMilliseconds(1));
        Assert.True(stayed.EndedAt > previous.AddSeconds(59));
        var away = Assert.Single(stretches, s => s.UserId == goesAway.Id && s.Availability == Availability.Away);
        Assert.Equal(previous, away.StartedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(previous, Assert.Single(stretches, s => s.UserId == goesAway.Id && s.Availability == Availability.Available).EndedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(previous, Assert.Single(stretches, s => s.UserId == arrives.Id).StartedAt, TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain(stretches, s => s.UserId == inactive.Id);
        Assert.Equal(stayed.EndedAt, (await StateAsync()).LastRunAt);
        Assert.Contains(await fixture.QueryAsync(db => db.AuditLogs.Where(a => a.Action == "RecordPresence").ToListAsync()), a => a.ActorId == "job:presence");

        // The job did not run for ten minutes: nothing is counted in between; the stretch starts at the run.
        await LastRunAtAsync(stayed.EndedAt.AddMinutes(-10));
        var afterGap = await fixture.SendAsync(Job, new RecordPresenceCommand([stays.Id]));

        Assert.Equal(new PresenceRecorded(Extended: 0, Started: 1), afterGap.Value);
        var resumed = (await StretchesAsync(stays.Id)).MaxBy(s => s.EndedAt)!;
        Assert.Equal(resumed.StartedAt, resumed.EndedAt);

        // The last run is dated five minutes ahead (another instance's clock): this run does not wait for it; it starts
        // afresh, and the next run continues from it.
        await LastRunAtAsync(DateTimeOffset.UtcNow.AddMinutes(5));
        var behind = await fixture.SendAsync(Job, new RecordPresenceCommand([stays.Id]));
        var next = await fixture.SendAsync(Job, new RecordPresenceCommand([stays.Id]));

        Assert.Equal(new PresenceRecorded(Extended: 0, Started: 1), behind.Value);
        Assert.Equal(new PresenceRecorded(Extended: 1, Started: 0), next.Value);
        Assert.Contains(fixture.Logs, l => l.Contains("the instances' clocks differ", StringComparison.Ordinal));

        // Runs at once: the state row lets one commit at a time; a user who just came online has one stretch, whichever won.
        var racer = await Seed.UserAsync(Role.AGENTE, queue);
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.SendAsync(Job, new RecordPresenceCommand([stays.Id, racer.Id]))));

        Assert.Single(await StretchesAsync(racer.Id));
        Assert.All(runs, run => Assert.True(run.IsSuccess || run.Error!.Code == PresenceErrors.ConcurrentRun.Code));
    }

    [Fact]
    public async Task Agents_PresenceStretches_AddedUpWithinTheLocalPeriodForTheUsersTheCallerSees()
    {
        var queue = await Seed.QueueAsync();
        var other = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var elsewhere = await Seed.UserAsync(Role.AGENTE, other);
        var visitor = await Seed.UserAsync(Role.AGENTE, other); // closes a conversation of the queue, not one of its members
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);
        var admin = await Seed.UserAsync(Role.ADMIN);
        static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2025, 6, day, hour, minute, 0, TimeSpan.Zero);

        // 10 June in Kolkata (+05:30) is 9 June 18:30 to 10 June 18:30 UTC.
        await fixture.ChangeAsync(db =>
        {
            db.PresenceIntervals.AddRange(
                PresenceInterval.Start(agent.Id, Availability.Available, Utc(9, 18), Utc(9, 19)), // 30 min inside
                PresenceInterval.Start(agent.Id, Availability.Away, Utc(9, 19), Utc(9, 19, 30)),
                PresenceInterval.Start(agent.Id, Availability.Available, Utc(10, 18), Utc(10, 19)), // 30 min inside
                PresenceInterval.Start(agent.Id, Availability.Available, Utc(8, 10), Utc(8, 11)), // outside
                PresenceInterval.Start(elsewhere.Id, Availability.Available, Utc(10, 10), Utc(10, 11)),
                PresenceInterval.Start(visitor.Id, Availability.Away, Utc(10, 10), Utc(10, 10, 20)));
            db.ConversationResolutions.Add(ConversationResolution.Record(Guid.NewGuid(), queue, visitor.Id, Utc(10, 9), Utc(10, 10)));
            return Task.CompletedTask;
        });
        var day = new DateOnly(2025, 6, 10);

        var all = (await fixture.SendAsync(admin.Actor, new GetDashboardAgentsQuery(day, day, "Asia/Kolkata", null))).Value.Agents;
        var oneQueue = (await fixture.SendAsync(admin.Actor, new GetDashboardAgentsQuery(day, day, "Asia/Kolkata", queue))).Value.Agents;
        var supervised = (await fixture.SendAsync(supervisor.Actor, new GetDashboardAgentsQuery(day, day, "Asia/Kolkata", null))).Value.Agents;
        var utc = (await fixture.SendAsync(admin.Actor, new GetDashboardAgentsQuery(day, day, "UTC", null))).Value.Agents;
        var csv = await fixture.SendAsync(supervisor.Actor, new ExportDashboardCommand("agents", null, day, day, "Asia/Kolkata", null));

        Assert.Equal((5400, 3600), Presence(all, agent.Id));
        Assert.Equal((3600, 3600), Presence(all, elsewhere.Id));
        Assert.Equal((5400, 3600), Presence(oneQueue, agent.Id));
        Assert.DoesNotContain(oneQueue, a => a.AgentId == elsewhere.Id);
        Assert.Equal((5400, 3600), Presence(supervised, agent.Id));
        Assert.DoesNotContain(supervised, a => a.AgentId == elsewhere.Id);
        Assert.Null(Assert.Single(supervised, a => a.AgentId == visitor.Id).Presence); // on a row for the closing, not supervised here
        Assert.Null(Assert.Single(oneQueue, a => a.AgentId == visitor.Id).Presence);
        Assert.Equal((1200, 0), Presence(all, visitor.Id));
        Assert.Equal((3600, 3600), Presence(utc, agent.Id)); // 10 June 00:00-24:00 UTC: only the evening stretch
        var text = System.Text.Encoding.UTF8.GetString(csv.Value.Content);
        Assert.EndsWith(",onlineSeconds,availableSeconds", text.Split("\r\n")[0], StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{agent.Id},"), text, StringComparison.Ordinal);
        Assert.Contains(",5400,3600", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PurgePresence_PastRetention_DeletesOnlyTheStretchesThatEndedBeforeTheCutoffAndIsAudited()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var cutoff = new RetentionOptions { PresenceMonths = 2 }.PresenceCutoff(new DateTimeOffset(2024, 5, 20, 12, 0, 0, TimeSpan.Zero))!.Value;
        await fixture.ChangeAsync(db =>
        {
            db.PresenceIntervals.AddRange(
                PresenceInterval.Start(agent.Id, Availability.Available, cutoff.AddDays(-40), cutoff.AddDays(-40).AddHours(1)),
                PresenceInterval.Start(agent.Id, Availability.Away, cutoff.AddHours(-1), cutoff.AddTicks(-10)),
                PresenceInterval.Start(agent.Id, Availability.Available, cutoff.AddHours(-1), cutoff), // ended at the cutoff: kept
                PresenceInterval.Start(agent.Id, Availability.Available, cutoff.AddDays(3), cutoff.AddDays(3).AddHours(2)));
            return Task.CompletedTask;
        });

        var purged = await fixture.SendAsync(Actor.System("presence-retention"), new PurgePresenceCommand(cutoff));
        var again = await fixture.SendAsync(Actor.System("presence-retention"), new PurgePresenceCommand(cutoff));
        var byUser = await fixture.SendAsync((await Seed.UserAsync(Role.ADMIN)).Actor, new PurgePresenceCommand(cutoff));

        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), cutoff); // May, April and March are kept
        Assert.Equal(new PurgedPresence(2, Done: true), purged.Value);
        Assert.Equal(new PurgedPresence(0, Done: true), again.Value);
        Assert.Equal(ErrorType.Forbidden, byUser.Error!.Type);
        Assert.Equal([cutoff, cutoff.AddDays(3).AddHours(2)], (await StretchesAsync(agent.Id)).Select(s => s.EndedAt).Order());
        Assert.Null(new RetentionOptions().PresenceCutoff(DateTimeOffset.UtcNow));
        var audit = await fixture.QueryAsync(db => db.AuditLogs.Where(a => a.Action == "PurgePresence" && a.ActorId == "job:presence-retention").ToListAsync());
        Assert.Contains(audit, a => a.Reason == "2 presence stretches deleted");
    }

    private static (int Online, int Available) Presence(IEnumerable<Application.Dashboards.AgentFiguresDto> rows, Guid userId)
    {
        var row = Assert.Single(rows, a => a.AgentId == userId);
        Assert.NotNull(row.Presence);
        return (row.Presence.OnlineSeconds, row.Presence.AvailableSeconds);
    }

    private Task<PresenceRecordingState> StateAsync() =>
        fixture.QueryAsync(db => db.PresenceRecordingStates.AsNoTracking().SingleAsync());

    private Task LastRunAtAsync(DateTimeOffset lastRunAt) =>
        fixture.ChangeAsync(db => db.PresenceRecordingStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastRunAt, lastRunAt)));

    private Task<List<PresenceInterval>> StretchesAsync(params Guid[] userIds) =>
        fixture.QueryAsync(db => db.PresenceIntervals.AsNoTracking().Where(i => userIds.Contains(i.UserId)).ToListAsync());
}
