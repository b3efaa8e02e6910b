using System.Reflection;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Infrastructure;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Jobs;

namespace WhatsSuite.Api.IntegrationTests.Background;

/// <summary>
/// The recurring jobs registered at start-up, as the Hangfire dashboard lists them: readable ids and names; each
/// instance's Hangfire storage and job activator are its own, whatever other instance shares the process; and a
/// web-only instance (<c>HANGFIRE_SERVER_ENABLED=false</c>) schedules jobs without running any.
/// </summary>
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
                ("archive-history", "Archive history past retention", Cron.Daily(3)),
                ("auto-assign-backlog", "Auto-assign backlog", Cron.Minutely()),
                ("campaign-dispatch", "Start and dispatch campaigns", Cron.Minutely()),
                ("create-partitions", "Create future partitions", Cron.Daily()),
                ("dashboard-rollup", "Refresh dashboard rollups", Cron.Minutely()),
                ("expire-conversation-exports", "Remove expired conversation export files", Cron.Hourly()),
                ("inactivity", "Warn about and close inactive conversations", Cron.Minutely()),
                ("media-sweep", "Requeue stranded media downloads", Cron.Minutely()),
                ("media-unreferenced-sweep", "Delete unreferenced media files", Cron.Hourly()),
                ("presence", "Record presence time", Cron.Minutely()),
                ("presence-retention", "Delete presence time past retention", Cron.Daily(4)),
                ("purge-expired-sessions", "Purge expired sessions", Cron.Hourly()),
                ("sync-message-templates", "Sync message templates", Cron.Hourly()),
            ],
            jobs);
    }

    [Fact]
    public async Task AddInfrastructure_TwoContainersConfiguredInTurn_EachKeepsItsOwnJobStorageAndActivator()
    {
        await using var first = Container("jobs-first");
        await using var second = Container("jobs-second");

        // Both resolve Hangfire's configuration before either asks for its storage, as hosts starting side by side do.
        first.GetRequiredService<IGlobalConfiguration>();
        second.GetRequiredService<IGlobalConfiguration>();
        first.GetRequiredService<IBackgroundJobClient>().Schedule<PurgeExpiredSessionsJob>(job => job.RunAsync(CancellationToken.None), TimeSpan.FromDays(1));

        Assert.Equal(1, first.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledCount());
        Assert.Equal(0, second.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledCount());
        using var scope = first.GetRequiredService<JobActivator>().BeginScope((JobActivatorContext)null!);
        Assert.Equal("jobs-first", ((WhatsSuiteSettings)scope.Resolve(typeof(WhatsSuiteSettings))).InstanceId);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public async Task StartUp_HangfireServerEnabledSetting_DecidesWhetherThisInstanceRunsJobs(string? enabled, bool runsJobs)
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(database, $"jobs-{Guid.NewGuid():N}");
        if (enabled is not null)
        {
            settings["HANGFIRE_SERVER_ENABLED"] = enabled;
        }

        await using var app = new WhatsSuiteApp(settings);
        using var client = app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/v1/health/ready")).StatusCode);

        Assert.Equal(runsJobs, app.Services.GetServices<IHostedService>().Any(s => s.GetType().Name == "BackgroundJobServerHostedService"));
        using var storage = app.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.NotEmpty(storage.GetRecurringJobs());
    }

    [Fact]
    public async Task StartUp_ServerMode_IdleWorkersLookForJobsEnqueuedElsewhereEverySecond()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(database, $"jobs-{Guid.NewGuid():N}"));

        // Hangfire.PostgreSql keeps its options to itself; its default would leave a job enqueued by another instance
        // waiting up to 15 s for a worker here.
        var storage = (PostgreSqlStorage)app.Services.GetRequiredService<JobStorage>();
        var options = (PostgreSqlStorageOptions)typeof(PostgreSqlStorage).GetProperty("Options", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(storage)!;

        Assert.Equal(TimeSpan.FromSeconds(1), options.QueuePollInterval);
    }

    [Fact]
    public void Load_HangfireServerDisabledInEmbeddedMode_IsRefused()
    {
        var values = WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "refused.db"));
        values["HANGFIRE_SERVER_ENABLED"] = "false";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var environment = new HostingEnvironment { EnvironmentName = "Testing", ApplicationName = "WhatsSuite.Api.IntegrationTests", ContentRootPath = AppContext.BaseDirectory };

        var refused = Assert.Throws<InvalidOperationException>(() => WhatsSuiteSettings.Load(configuration, environment));
        Assert.Contains("HANGFIRE_SERVER_ENABLED", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The infrastructure of one embedded-mode instance in a container of its own, no host started.</summary>
    private ServiceProvider Container(string instanceId)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, $"{instanceId}.db"), instanceId))
            .Build();
        var environment = new HostingEnvironment { EnvironmentName = "Testing", ApplicationName = "WhatsSuite.Api.IntegrationTests", ContentRootPath = AppContext.BaseDirectory };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(environment);
        services.AddLogging();
        services.AddInfrastructure(WhatsSuiteSettings.Load(configuration, environment));
        return services.BuildServiceProvider();
    }
}
