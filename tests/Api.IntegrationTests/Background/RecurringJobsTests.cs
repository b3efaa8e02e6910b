using System.Reflection;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Background;

/// <summary>The recurring jobs registered at start-up, as the Hangfire dashboard lists them: readable ids and names.</summary>
public sealed class RecurringJobsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-jobs-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task ScheduleRecurringJobs_AtStartUp_RegistersEachJobWithAReadableIdNameAndSchedule()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));

        using var storage = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = storage.GetRecurringJobs()
            .OrderBy(j => j.Id, StringComparer.Ordinal)
            .Select(j => (j.Id, j.Job.Method.GetCustomAttribute<JobDisplayNameAttribute>()?.DisplayName, j.Cron))
            .ToList();

        Assert.Equal(
            [
                ("auto-assign-backlog", "Auto-assign backlog", Cron.Minutely()),
                ("purge-expired-sessions", "Purge expired sessions", Cron.Hourly()),
                ("sync-message-templates", "Sync message templates", Cron.Hourly()),
            ],
            jobs);
    }
}
