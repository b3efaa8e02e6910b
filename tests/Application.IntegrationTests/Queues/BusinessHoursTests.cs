using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Queues.ClearQueueBusinessHours;
using WhatsSuite.Application.Queues.GetQueue;
using WhatsSuite.Application.Queues.GetQueueBusinessHours;
using WhatsSuite.Application.Queues.SetQueueBusinessHours;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Queues;

/// <summary>A queue's business hours: ADMIN sets them, SUPERVISOR reads them, validated whole, audited with old and new hours.</summary>
public sealed class BusinessHoursTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly WeeklyRangeInput[] AllWeek =
        [.. Enum.GetValues<Weekday>().Select(d => new WeeklyRangeInput(d, "00:00", "24:00"))];

    [Fact]
    public async Task Set_ThenReplacedAndRemoved_KeepsEachChangeWithOldAndNewHoursNamedByItsAuditRow()
    {
        var admin = await fixture.Seed.UserAsync(Role.ADMIN);
        var queue = await fixture.Seed.QueueAsync();

        var first = await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(
            queue, "Europe/Madrid", [new(Weekday.Monday, "09:00", "14:00"), new(Weekday.Monday, "16:00", "20:00")],
            [new(new DateOnly(2026, 12, 25), "Navidad 🎄", [])]));
        var second = await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(queue, "America/Argentina/Buenos_Aires", AllWeek, null));
        var cleared = await fixture.SendAsync(admin.Actor, new ClearQueueBusinessHoursCommand(queue));

        Assert.True(first.IsSuccess);
        Assert.Equal(("Europe/Madrid", 2), (first.Value.TimeZone, first.Value.Weekly.Count));
        Assert.Equal(("16:00", "20:00"), (first.Value.Weekly[1].Start, first.Value.Weekly[1].End));
        Assert.Equal("Navidad 🎄", Assert.Single(first.Value.Holidays).Name);
        Assert.True(second.Value.IsOpen);
        Assert.Null(second.Value.NextOpenAt);
        Assert.Equal(((string?)null, true), (cleared.Value.TimeZone, cleared.Value.IsOpen));
        var changes = await fixture.QueryAsync(db => db.QueueBusinessHoursChanges.Where(c => c.QueueId == queue).OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync());
        Assert.Equal(3, changes.Count);
        Assert.Null(changes[0].OldHours);
        Assert.Equal("Europe/Madrid", changes[0].NewHours!.TimeZoneId);
        Assert.Equal(("Europe/Madrid", "America/Argentina/Buenos_Aires"), (changes[1].OldHours!.TimeZoneId, changes[1].NewHours!.TimeZoneId));
        Assert.Equal(("America/Argentina/Buenos_Aires", (string?)null), (changes[2].OldHours!.TimeZoneId, changes[2].NewHours?.TimeZoneId));
        Assert.All(changes, c => Assert.Equal(admin.Id.ToString(), c.ActorId));
        var audit = await fixture.QueryAsync(db => db.AuditLogs
            .Where(a => (a.Action == "SetQueueBusinessHours" || a.Action == "ClearQueueBusinessHours") && a.TargetId == queue.ToString())
            .OrderBy(a => a.Sequence).ToListAsync());
        Assert.Equal(changes.Select(c => $"change {c.Id}"), audit.Select(a => a.Reason));
        Assert.All(audit, a => Assert.Equal((AuditOutcome.Success, "queue"), (a.Outcome, a.TargetType)));
        Assert.Null((await fixture.QueryAsync(db => db.Queues.SingleAsync(q => q.Id == queue))).BusinessHours);
    }

    [Fact]
    public async Task Get_BySupervisor_ReadsTheHoursAndTheQueueSaysWhetherItIsOpen()
    {
        var admin = await fixture.Seed.UserAsync(Role.ADMIN);
        var supervisor = await fixture.Seed.UserAsync(Role.SUPERVISOR);
        var agent = await fixture.Seed.UserAsync(Role.AGENTE);
        var open = await fixture.Seed.QueueAsync();
        var closed = await fixture.Seed.QueueAsync();
        var none = await fixture.Seed.QueueAsync();
        Assert.True((await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(open, "UTC", AllWeek, []))).IsSuccess);
        Assert.True((await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(closed, "UTC", [], []))).IsSuccess);

        var hours = await fixture.SendAsync(supervisor.Actor, new GetQueueBusinessHoursQuery(open));
        var byAgent = await fixture.SendAsync(agent.Actor, new GetQueueBusinessHoursQuery(open));
        var setBySupervisor = await fixture.SendAsync(supervisor.Actor, new SetQueueBusinessHoursCommand(none, "UTC", [], []));

        Assert.Equal(("UTC", 7, true), (hours.Value.TimeZone, hours.Value.Weekly.Count, hours.Value.IsOpen));
        Assert.Equal(ErrorType.Forbidden, byAgent.Error!.Type);
        Assert.Equal(ErrorType.Forbidden, setBySupervisor.Error!.Type);
        Assert.True((await fixture.SendAsync(supervisor.Actor, new GetQueueQuery(open))).Value.IsOpen);
        var closedQueue = (await fixture.SendAsync(supervisor.Actor, new GetQueueQuery(closed))).Value;
        Assert.Equal((false, (DateTimeOffset?)null), (closedQueue.IsOpen, closedQueue.NextOpenAt));
        Assert.True((await fixture.SendAsync(supervisor.Actor, new GetQueueQuery(none))).Value.IsOpen);
        Assert.Null((await fixture.QueryAsync(db => db.Queues.SingleAsync(q => q.Id == none))).BusinessHours);
    }

    [Fact]
    public async Task Set_InvalidHours_IsRefusedWithTheFieldAndChangesNothing()
    {
        var admin = await fixture.Seed.UserAsync(Role.ADMIN);
        var queue = await fixture.Seed.QueueAsync();
        var christmas = new DateOnly(2026, 12, 25);

        async Task<IReadOnlyDictionary<string, string[]>> RefusedAsync(string? zone, WeeklyRangeInput[]? weekly, HolidayInput[]? holidays)
        {
            var result = await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(queue, zone, weekly, holidays));
            Assert.Equal(ErrorType.Validation, result.Error?.Type);
            return result.Error!.FieldErrors!;
        }

        Assert.Contains("timeZone", (await RefusedAsync("Mars/Olympus", [], [])).Keys);
        Assert.Contains("timeZone", (await RefusedAsync("Romance Standard Time", [], [])).Keys);
        Assert.Contains("weekly", (await RefusedAsync("UTC", [new(Weekday.Monday, "09:00", "14:00"), new(Weekday.Monday, "13:00", "18:00")], [])).Keys);
        Assert.Contains("weekly", (await RefusedAsync("UTC", [new(Weekday.Monday, "16:00", "18:00"), new(Weekday.Monday, "09:00", "14:00")], [])).Keys);
        Assert.Contains("weekly", (await RefusedAsync("UTC", [new(Weekday.Monday, "14:00", "09:00")], [])).Keys);
        Assert.Contains("weekly", (await RefusedAsync("UTC", null, [])).Keys);
        Assert.Contains(
            (await RefusedAsync("UTC", [new(Weekday.Monday, "9:00", "24:01")], [])).Keys,
            k => k.StartsWith("weekly[0]", StringComparison.Ordinal));
        Assert.Contains("weekly", (await RefusedAsync("UTC", [.. Enumerable.Range(0, 7).Select(h => new WeeklyRangeInput(Weekday.Friday, $"0{h}:00", $"0{h}:30"))], [])).Keys);
        Assert.Contains("holidays", (await RefusedAsync("UTC", [], [new(christmas, null, []), new(christmas, null, [])])).Keys);
        Assert.Contains(
            (await RefusedAsync("UTC", [], [new(christmas, string.Concat(Enumerable.Repeat("🎄", 40)) + "x", [])])).Keys,
            k => k.StartsWith("holidays[0]", StringComparison.Ordinal));
        Assert.Contains(
            (await RefusedAsync("UTC", [], [new(christmas, "Navidad\u202E", [])])).Keys,
            k => k.StartsWith("holidays[0]", StringComparison.Ordinal));
        Assert.Contains("holidays", (await RefusedAsync("UTC", [], [.. Enumerable.Range(0, 101).Select(d => new HolidayInput(christmas.AddDays(d), null, []))])).Keys);

        var atLimit = await fixture.SendAsync(admin.Actor, new SetQueueBusinessHoursCommand(
            queue, "UTC", [], [new(christmas, string.Concat(Enumerable.Repeat("🎄", 40)), [])]));
        Assert.True(atLimit.IsSuccess);
        Assert.Equal(1, await fixture.QueryAsync(db => db.QueueBusinessHoursChanges.CountAsync(c => c.QueueId == queue)));
    }
}
