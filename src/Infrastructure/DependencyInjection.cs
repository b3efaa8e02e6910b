using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using WhatsSuite.Application.Campaigns.ImportCampaignAudience;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Contacts;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Application.Desk;
using WhatsSuite.Application.Presence;
using WhatsSuite.Application.Settings;
using WhatsSuite.Domain.Settings;
using WhatsSuite.Infrastructure.Archives;
using WhatsSuite.Infrastructure.Auditing;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Caching;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Health;
using WhatsSuite.Infrastructure.Identity;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Media;
using WhatsSuite.Infrastructure.Messaging;
using WhatsSuite.Infrastructure.Persistence;
using WhatsSuite.Infrastructure.Persistence.Bulk;
using WhatsSuite.Infrastructure.Persistence.Counters;
using WhatsSuite.Infrastructure.Persistence.Query;
using WhatsSuite.Infrastructure.Persistence.Search;
using WhatsSuite.Infrastructure.RateLimiting;
using WhatsSuite.Infrastructure.Realtime;
using WhatsSuite.Infrastructure.Resilience;
using WhatsSuite.Infrastructure.Security;
using WhatsSuite.Infrastructure.Sessions;
using WhatsSuite.Infrastructure.Webhooks;
using WhatsSuite.Infrastructure.WhatsApp;
using WhatsSuite.Infrastructure.WhatsApp.Sandbox;

namespace WhatsSuite.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// Wires the adapters for the mode the configuration selects: embedded (SQLite, in-memory Hangfire,
    /// sessions in the database) or server (PostgreSQL, Redis, Hangfire.PostgreSql).
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, WhatsSuiteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(settings.Jwt);
        services.AddSingleton(settings.Authentication);
        services.AddSingleton(settings.WhatsApp);
        services.AddSingleton(settings.Messaging);
        services.AddSingleton(settings.CampaignAudience);
        services.AddSingleton(settings.ConversationExport);
        services.AddSingleton<IAudienceFileReader, Campaigns.AudienceFileReader>();
        services.AddSingleton<BackgroundWorkSignal>();
        services.AddSingleton<IBackgroundWorkSignal>(sp => sp.GetRequiredService<BackgroundWorkSignal>());
        services.AddSingleton<AutoAssignmentRunner>();
        services.AddHostedService<AutoAssignmentWorker>();
        services.AddSingleton(settings.DataEncryption);
        services.AddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.AddDerivedDataProtection(settings.Jwt.SigningKey);
        services.AddSingleton(settings.Mfa);
        services.AddSingleton<ITotpService, OtpNetTotpService>();
        services.AddSingleton<IMfaChallengeStore, MfaChallengeStore>();
        services.AddSingleton<ISignInFailureCounter, SignInFailureCounter>();

        AddPersistence(services, settings);
        services.AddSingleton<AuditChainAppender>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddSingleton<IPasswordHasher>(new BcryptPasswordHasher(settings.BcryptRounds));
        services.AddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();

        var health = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready])
            .AddCheck<HangfireHealthCheck>("hangfire", tags: [HealthTags.Ready]);

        if (settings.RedisUrl is { } redisUrl)
        {
            var redisOptions = RedisUrl.Parse(redisUrl, settings.RedisTimeout);
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisOptions));
            services.AddSingleton<RedisGuard>();
            services.AddScoped<RedisSessionStore>();
            services.AddScoped<ISessionStore, GuardedSessionStore>();
            services.AddSingleton<SingleFlight>();
            services.AddScoped<IDashboardCache, RedisDashboardCache>();
            health.AddCheck<RedisHealthCheck>("redis", tags: [HealthTags.Ready]);
            services.AddSingleton(sp => new SessionEndBus(settings, sp.GetRequiredService<ILogger<SessionEndBus>>(), sp.GetRequiredService<IConnectionMultiplexer>()));
            services.AddSingleton<IDeskSequencer, RedisDeskSequencer>();
            services.AddSingleton<IDeskJournal, RedisDeskJournal>();
            services.AddSingleton<IPresenceRegistry, RedisPresenceRegistry>();
            services.AddSingleton<ICampaignProgressTicks, RedisCampaignProgressTicks>();
        }
        else
        {
            services.AddScoped<ISessionStore, DatabaseSessionStore>();
            services.AddSingleton(sp => new SessionEndBus(settings, sp.GetRequiredService<ILogger<SessionEndBus>>()));
            services.AddSingleton<IDeskSequencer, MemoryDeskSequencer>();
            services.AddSingleton<IDeskJournal, MemoryDeskJournal>();
            services.AddSingleton<IPresenceRegistry, MemoryPresenceRegistry>();
            services.AddSingleton<ICampaignProgressTicks, MemoryCampaignProgressTicks>();
            services.AddSingleton<IDashboardCache, UncachedDashboards>();
        }

        services.AddSingleton<ISessionEndSignal>(sp => sp.GetRequiredService<SessionEndBus>());
        services.AddSingleton<IPresence>(sp => sp.GetRequiredService<IPresenceRegistry>());
        services.AddSingleton<DeskEventQueue>();
        services.AddSingleton<IDeskEventSink>(sp => sp.GetRequiredService<DeskEventQueue>());

        AddWhatsApp(services);
        AddJobs(services, settings);
        AddWebhooks(services, settings);
        services.AddRateLimitStore(settings);
        AddMessaging(services, settings);
        AddMedia(services, settings);
        return services;
    }

    /// <summary>
    /// The WhatsApp gateways (the Cloud API's and the sandbox's), their resolver, the send budget (shared through
    /// Redis when it is configured) and the outbox dispatcher.
    /// </summary>
    private static void AddMessaging(IServiceCollection services, WhatsSuiteSettings settings)
    {
        services.AddSingleton<SandboxGateway>();
        services.AddSingleton<IWhatsAppGateway>(sp => sp.GetRequiredService<SandboxGateway>());
        services.AddSingleton<ConnectionSendRateLimiter>();
        if (settings.RedisUrl is not null)
        {
            services.AddSingleton<ISendRateLimiter, RedisSendRateLimiter>();
        }
        else
        {
            services.AddSingleton<ISendRateLimiter>(sp => sp.GetRequiredService<ConnectionSendRateLimiter>());
        }

        services.AddSingleton<OutboxResultRecorder>();
        services.AddHostedService<OutboxDispatcher>();
    }

    /// <summary>The media store (local files, encrypted when configured), the link signer and the download job.</summary>
    private static void AddMedia(IServiceCollection services, WhatsSuiteSettings settings)
    {
        services.AddSingleton(settings.Media);
        services.AddSingleton(settings.Media.Options);
        if (settings.Media.Storage == MediaStorageKind.S3)
        {
            services.AddSingleton<IMediaBlobStore, S3MediaBlobStore>();
        }
        else
        {
            services.AddSingleton<IMediaBlobStore, LocalMediaBlobStore>();
        }

        services.AddSingleton<IMediaStore, MediaStore>();
        services.AddSingleton<IMediaThumbnails, SkiaMediaThumbnails>();
        services.AddSingleton<IMediaLinkSigner, MediaLinkSigner>();
        services.AddHttpClient<CloudApiMediaSource>((provider, client) => CloudApiMediaSource.Configure(client, provider.GetRequiredService<WhatsAppSettings>()));
        services.AddTransient<IWhatsAppMediaSource>(provider => provider.GetRequiredService<CloudApiMediaSource>());
        services.AddSingleton<IWhatsAppMediaSource, SandboxMediaSource>();
        services.AddScoped<IWhatsAppMediaSourceResolver, WhatsAppMediaSourceResolver>();
        services.AddSingleton<IMediaDownloads, HangfireMediaDownloads>();
        services.AddScoped<ICampaignRecipientClaims, Campaigns.CampaignRecipientClaims>();
        services.AddScoped<MediaDownloadJob>();
        services.AddSingleton<IOutOfHoursReplies, HangfireOutOfHoursReplies>();
        services.AddSingleton<IConversationExportJobs, HangfireConversationExportJobs>();
        services.AddScoped<ConversationExportJob>();
        services.AddScoped<OutOfHoursReplyJob>();
        services.AddSingleton<IMediaKeyRotations, HangfireMediaKeyRotations>();
        services.AddScoped<MediaKeyRotationJob>();
    }

    /// <summary>
    /// The provider's context, leased from a pool for each scope and given back when the scope ends: its options (and
    /// EF Core's services) are built once, not for every scope, which a send of the outbox paid twice (ADR 0065). The
    /// scope's <see cref="DeskChangeCapture"/> is attached to the leased context.
    /// </summary>
    private static void AddPooledContext<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> provider)
        where TContext : AppDbContext
    {
        services.AddPooledDbContextFactory<TContext>(o =>
        {
            provider(o);
            o.UseLiteralLimits().AddInterceptors(DeskChangeInterceptor.Instance, AddedMessagesCopyInterceptor.Instance);
        });
        services.AddScoped(sp =>
        {
            var context = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            context.DeskChangeCapture = sp.GetRequiredService<DeskChangeCapture>();
            return context;
        });
    }

    private static void AddPersistence(IServiceCollection services, WhatsSuiteSettings settings)
    {
        if (settings.Mode == PersistenceMode.Server)
        {
            AddPooledContext<PostgresAppDbContext>(services, o => o.UseNpgsql(settings.PostgresConnectionString));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
            services.AddScoped<IHistoryPartitions, PostgresHistoryPartitions>();
            services.AddScoped<IHistoryArchiver, PostgresHistoryArchiver>();
            services.AddScoped<IArchiveRestorer, PostgresArchiveRestorer>();
            services.AddScoped<IBulkInserter, Persistence.Bulk.PostgresBulkInserter>();
            services.AddScoped<ITransactionLocks, Persistence.Locks.PostgresTransactionLocks>();
            services.AddScoped<IDashboardStatistics, Persistence.Dashboards.PostgresDashboardStatistics>();
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(settings.SqlitePath)!);
            AddPooledContext<SqliteAppDbContext>(services, o => o.UseSqlite($"Data Source={settings.SqlitePath}"));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteAppDbContext>());
            services.AddScoped<IHistoryPartitions, SqliteHistoryMonths>();
            services.AddScoped<IHistoryArchiver, SqliteHistoryArchiver>();
            services.AddScoped<IArchiveRestorer, SqliteArchiveRestorer>();
            services.AddScoped<IBulkInserter, Persistence.Bulk.EfBulkInserter>();
            services.AddScoped<ITransactionLocks, Persistence.Locks.SqliteTransactionLocks>();
            services.AddScoped<IDashboardStatistics, ComputedDashboardStatistics>();
        }

        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<AppDbContext>());
        services.AddSingleton(settings.Retention);
        if (settings.Media.Storage == MediaStorageKind.S3)
        {
            // Archives also go to the media bucket (ADR 0033).
            services.AddSingleton<IArchiveStore>(sp => new ReplicatedArchiveStore(new LocalArchiveStore(settings.ArchiveDirectory), sp.GetRequiredService<IMediaBlobStore>()));
        }
        else
        {
            services.AddSingleton<IArchiveStore>(new LocalArchiveStore(settings.ArchiveDirectory));
        }
        services.AddScoped<DeskChangeCapture>();
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddScoped<IConversationSearch, ConversationSearch>();
        services.AddSingleton<SearchWordStatistics>();
        services.AddScoped<IConversationCounters, ConversationCounters>();
        services.AddScoped<IContactCounters, ContactCounters>();
    }

    private static void AddWhatsApp(IServiceCollection services)
    {
        services.AddHttpClient<CloudApiGateway>((provider, client) => CloudApiGateway.Configure(client, provider.GetRequiredService<WhatsAppSettings>()));
        services.AddTransient<IWhatsAppGateway>(provider => provider.GetRequiredService<CloudApiGateway>());
        services.AddScoped<IWhatsAppGatewayResolver, WhatsAppGatewayResolver>();
    }

    private static void AddWebhooks(IServiceCollection services, WhatsSuiteSettings settings)
    {
        if (settings.Mode == PersistenceMode.Server)
        {
            services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(settings.PostgresConnectionString!));
            services.AddSingleton<IInboxWriter, PostgresInboxWriter>();
        }
        else
        {
            services.AddSingleton<IInboxWriter, EfInboxWriter>();
        }

        services.AddSingleton<ConnectionSecretCache>();
        services.AddSingleton<IConnectionSecretCache>(sp => sp.GetRequiredService<ConnectionSecretCache>());
        services.AddSingleton<WebhookAcknowledgementTimes>();
        services.AddSingleton<IWebhookReceiver, WebhookReceiver>();
        services.AddHostedService<WebhookInboxProcessor>();
    }

    /// <summary>
    /// Hangfire, with this host's storage and job activator as services of its own rather than Hangfire's process-wide
    /// statics (<c>JobStorage.Current</c>, <c>JobActivator.Current</c>): the server, the job client, the recurring job
    /// manager, the dashboard and the health check all take them from this container, so hosts that share a process
    /// (the HTTP tests start many at once) never run a job on another host's database or services. Hangfire's log
    /// provider is process-wide by design; <see cref="HangfireLogRouting"/> sends it to a running host's logging.
    /// </summary>
    private static void AddJobs(IServiceCollection services, WhatsSuiteSettings settings)
    {
        services.AddSingleton<JobStorage>(_ => settings.Mode == PersistenceMode.Server
            ? CreatePostgresJobStorage(settings.PostgresConnectionString!)
            : new Hangfire.InMemory.InMemoryStorage());
        services.AddSingleton<JobActivator>(provider => new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<HangfireLogRouting.Binding>();
        services.AddHangfire((provider, configuration) =>
        {
            provider.GetRequiredService<HangfireLogRouting.Binding>();
            configuration
                .UseLogProvider(HangfireLogRouting.Instance)
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
        });
        if (settings.HangfireServerEnabled)
        {
            services.AddHangfireServer(options =>
            {
                options.ServerName = settings.InstanceId;
                options.WorkerCount = settings.HangfireWorkers;
            });
        }

        services.AddScoped<PurgeExpiredSessionsJob>();
        services.AddScoped<AutoAssignBacklogJob>();
        services.AddScoped<SyncMessageTemplatesJob>();
        services.AddScoped<RefreshDashboardRollupsJob>();
        services.AddScoped<RecordPresenceJob>();
        services.AddScoped<PresenceRetentionJob>();
        services.AddScoped<InactivityJob>();
        services.AddScoped<CampaignDispatchJob>();
        services.AddSingleton<IJobSchedules, HangfireJobSchedules>();
        services.AddScoped<CreateFuturePartitionsJob>();
        services.AddScoped<ArchiveHistoryJob>();
        services.AddScoped<MediaSweepJob>();
        services.AddScoped<UnreferencedMediaSweepJob>();
        services.AddScoped<ExpireConversationExportsJob>();
    }

    /// <summary>
    /// How often an idle Hangfire worker looks for an enqueued job (Hangfire.PostgreSql's default is 15 s). A job enqueued
    /// on this instance wakes one of the process's waiting workers at once; a job enqueued on another instance (a web-only
    /// one, or one whose workers are all busy) is seen at the next look: an export, a media download or an out-of-hours
    /// reply then starts within a second rather than up to 15 s later. An idle worker's look is one indexed
    /// <c>UPDATE</c> that finds nothing.
    /// </summary>
    internal static readonly TimeSpan JobQueuePollInterval = TimeSpan.FromSeconds(1);

    private static PostgreSqlStorage CreatePostgresJobStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = JobQueuePollInterval };
        return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>
    /// Registers the recurring jobs (idempotent: every instance may call it at start-up). Each has a readable id and a
    /// display name (<see cref="JobDisplayNameAttribute"/>) that the dashboard shows; ADR 0020 says which work is a
    /// recurring job and which a hosted worker.
    /// </summary>
    public static void ScheduleRecurringJobs(this IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<PurgeExpiredSessionsJob>(PurgeExpiredSessionsJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
        using (var scope = services.CreateScope())
        {
            // The jobs whose schedule is a setting (the auto-assignment drain) follow the stored settings.
            var stored = scope.ServiceProvider.GetRequiredService<AppDbContext>().SystemSettings.AsNoTracking().Single(s => s.Id == SystemSettings.SingletonId);
            services.GetRequiredService<IJobSchedules>().Apply(SettingsReader.ToDto(stored));
        }

        jobs.AddOrUpdate<SyncMessageTemplatesJob>(SyncMessageTemplatesJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
        jobs.AddOrUpdate<RefreshDashboardRollupsJob>(RefreshDashboardRollupsJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<RecordPresenceJob>(RecordPresenceJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<PresenceRetentionJob>(PresenceRetentionJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Daily(4));
        jobs.AddOrUpdate<CreateFuturePartitionsJob>(CreateFuturePartitionsJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Daily());
        jobs.AddOrUpdate<ArchiveHistoryJob>(ArchiveHistoryJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Daily(3));
        jobs.AddOrUpdate<MediaSweepJob>(MediaSweepJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<UnreferencedMediaSweepJob>(UnreferencedMediaSweepJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
        jobs.AddOrUpdate<InactivityJob>(InactivityJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<CampaignDispatchJob>(CampaignDispatchJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<ExpireConversationExportsJob>(ExpireConversationExportsJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
    }
}

public static class HealthTags
{
    public const string Ready = "ready";
}
