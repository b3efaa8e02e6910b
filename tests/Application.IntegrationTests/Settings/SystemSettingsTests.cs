using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Settings.GetSettings;
using WhatsSuite.Application.Settings.UpdateSettings;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Settings;
using WhatsSuite.Domain.Users;
using WhatsSuite.Infrastructure;
using WhatsSuite.Infrastructure.Jobs;

namespace WhatsSuite.Application.IntegrationTests.Settings;

/// <summary>The run-time settings: ADMIN only, validated, audited with old and new values, and driving the jobs they name.</summary>
public sealed class SystemSettingsTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    [Fact]
    public async Task Update_NewAutoAssignInterval_IsStoredAuditedWithOldAndNewValueAndReschedulesTheDrain()
    {
        var admin = await fixture.Seed.UserAsync(Role.ADMIN);
        var before = await fixture.SendAsync(admin.Actor, new GetSettingsQuery());

        var updated = await fixture.SendAsync(admin.Actor, new UpdateSettingsCommand(before.Value.AutoAssignIntervalMinutes == 5 ? 10 : 5, before.Value.InactivityWarnMinutes, before.Value.InactivityCloseMinutes));

        Assert.True(updated.IsSuccess);
        var minutes = updated.Value.AutoAssignIntervalMinutes;
        Assert.Equal(minutes, (await fixture.SendAsync(admin.Actor, new GetSettingsQuery())).Value.AutoAssignIntervalMinutes);
        var audit = await fixture.QueryAsync(db => db.AuditLogs.Where(a => a.Action == "UpdateSettings").OrderBy(a => a.Sequence).LastAsync());
        Assert.Equal((AuditOutcome.Success, "settings", "system", admin.Id.ToString()), (audit.Outcome, audit.TargetType, audit.TargetId, audit.ActorId));
        Assert.Equal($"autoAssignIntervalMinutes {before.Value.AutoAssignIntervalMinutes}->{minutes}", audit.Reason);
        Assert.Equal($"*/{minutes} * * * *", BacklogCron());
    }

    [Fact]
    public async Task Update_BySupervisorOrWithAnIntervalThatDoesNotDivideAnHour_IsRefusedAndChangesNothing()
    {
        var admin = await fixture.Seed.UserAsync(Role.ADMIN);
        var supervisor = await fixture.Seed.UserAsync(Role.SUPERVISOR);
        var before = await fixture.QueryAsync(db => db.SystemSettings.SingleAsync());

        var bySupervisor = await fixture.SendAsync(supervisor.Actor, new UpdateSettingsCommand(2, 0, 0));
        var uneven = await fixture.SendAsync(admin.Actor, new UpdateSettingsCommand(7, 0, 0));
        var missing = await fixture.SendAsync(admin.Actor, new UpdateSettingsCommand(null, 0, 0));
        var readBySupervisor = await fixture.SendAsync(supervisor.Actor, new GetSettingsQuery());

        Assert.Equal(ErrorType.Forbidden, bySupervisor.Error!.Type);
        Assert.Equal(ErrorType.Forbidden, readBySupervisor.Error!.Type);
        Assert.Contains("autoAssignIntervalMinutes", uneven.Error!.FieldErrors!.Keys);
        Assert.Contains("autoAssignIntervalMinutes", missing.Error!.FieldErrors!.Keys);
        var after = await fixture.QueryAsync(db => db.SystemSettings.SingleAsync());
        Assert.Equal((before.AutoAssignIntervalMinutes, before.Version), (after.AutoAssignIntervalMinutes, after.Version));
    }

    [Fact]
    public async Task ScheduleRecurringJobs_AtStartUp_SchedulesTheDrainOnTheStoredInterval()
    {
        await fixture.ChangeAsync(async db => (await db.SystemSettings.SingleAsync()).SetAutoAssignInterval(15, DateTimeOffset.UtcNow));

        fixture.Services.ScheduleRecurringJobs();

        Assert.Equal("*/15 * * * *", BacklogCron());
        Assert.Equal(Cron.Hourly(), HangfireJobSchedules.EveryMinutes(60));
        Assert.Equal(Cron.Minutely(), HangfireJobSchedules.EveryMinutes(SystemSettings.DefaultAutoAssignIntervalMinutes));
    }

    private string BacklogCron()
    {
        using var connection = fixture.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Single(j => j.Id == AutoAssignBacklogJob.Name).Cron;
    }
}
