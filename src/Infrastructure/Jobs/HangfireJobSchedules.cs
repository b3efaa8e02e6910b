using System.Globalization;
using Hangfire;
using WhatsSuite.Application.Settings;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Keeps the recurring jobs that follow a setting on the stored schedule. Hangfire's recurring jobs live in its
/// storage, shared by every instance in server mode, so one instance applying a change reschedules it for all.
/// </summary>
public sealed class HangfireJobSchedules(IRecurringJobManager jobs) : IJobSchedules
{
    public void Apply(SystemSettingsDto settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        jobs.AddOrUpdate<AutoAssignBacklogJob>(AutoAssignBacklogJob.Name, job => job.RunAsync(CancellationToken.None), EveryMinutes(settings.AutoAssignIntervalMinutes));
    }

    /// <summary>The cron expression of "every <paramref name="minutes"/> minutes" (a divisor of 60).</summary>
    public static string EveryMinutes(int minutes) => minutes switch
    {
        1 => Cron.Minutely(),
        60 => Cron.Hourly(),
        _ => string.Create(CultureInfo.InvariantCulture, $"*/{minutes} * * * *"),
    };
}
