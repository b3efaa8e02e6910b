using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>Which persistence the instance runs on.</summary>
public enum PersistenceMode
{
    /// <summary>SQLite file, in-process Hangfire storage, sessions in the database. Nothing else to install.</summary>
    Embedded = 1,

    /// <summary>PostgreSQL, Redis (when configured) and Hangfire.PostgreSql; several instances may share them.</summary>
    Server = 2,
}

/// <summary>Every setting the process reads at start-up, parsed once. Variable names follow the original system.</summary>
public sealed class WhatsSuiteSettings
{
    public required string ServiceName { get; init; }

    public required string InstanceId { get; init; }

    public required PersistenceMode Mode { get; init; }

    public required string SqlitePath { get; init; }

    public string? PostgresConnectionString { get; init; }

    public string? RedisUrl { get; init; }

    public required string RedisSessionPrefix { get; init; }

    /// <summary>Longest wait for one Redis call (<c>REDIS_TIMEOUT_MS</c>).</summary>
    public TimeSpan RedisTimeout { get; init; } = Configuration.RedisUrl.DefaultTimeout;

    /// <summary>How long the Redis circuit stays open before a trial call (<c>REDIS_CIRCUIT_BREAK_SECONDS</c>).</summary>
    public TimeSpan RedisCircuitBreak { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a computed dashboard view stays in Redis (server mode); zero turns the cache off.</summary>
    public TimeSpan DashboardCacheDuration { get; init; } = TimeSpan.FromSeconds(30);

    public required bool MigrateOnStartup { get; init; }

    /// <summary>
    /// Longest a migration statement may run (<c>DB_MIGRATION_TIMEOUT</c>): converting a populated history (the monthly
    /// partitions of ADR 0033) takes minutes on millions of rows, far beyond a request's command timeout.
    /// </summary>
    public required TimeSpan MigrationTimeout { get; init; }

    public required int BcryptRounds { get; init; }

    public required JwtSettings Jwt { get; init; }

    public required DataEncryptionSettings DataEncryption { get; init; }

    public required MediaSettings Media { get; init; }

    public MfaSettings Mfa { get; init; } = new() { RequiredRoles = new HashSet<Domain.Users.Role>() };

    /// <summary>What <see cref="StartupSecretsValidator"/> found outside Production (fatal in Production).</summary>
    public IReadOnlyList<string> SecretWarnings { get; init; } = [];

    public required AdminSeedSettings Admin { get; init; }

    public required int HangfireWorkers { get; init; }

    /// <summary>
    /// Whether this instance runs Hangfire jobs (<c>HANGFIRE_SERVER_ENABLED</c>); <c>false</c> makes a web-only instance of
    /// a server-mode deployment, which still schedules jobs for the instances that run them. Embedded mode has one
    /// instance and refuses <c>false</c>.
    /// </summary>
    public required bool HangfireServerEnabled { get; init; }

    public required Application.Common.Security.AuthenticationOptions Authentication { get; init; }

    public required HttpEdgeSettings HttpEdge { get; init; }

    public required RealtimeSettings Realtime { get; init; }

    public required WhatsAppSettings WhatsApp { get; init; }

    public required Application.Common.Messaging.MessagingOptions Messaging { get; init; }

    /// <summary>How long each kind of history stays live (<c>RETENTION_*</c>; 0 keeps it forever).</summary>
    public required Application.Archives.RetentionOptions Retention { get; init; }

    /// <summary>Where archive files are written (<c>ARCHIVE_DIR</c>; default <c>archives</c> next to the SQLite file, in the data folder).</summary>
    public required string ArchiveDirectory { get; init; }
    public Application.Campaigns.CampaignAudienceOptions CampaignAudience { get; init; } = new();

    public Application.Conversations.ConversationExportOptions ConversationExport { get; init; } = new();

    public static WhatsSuiteSettings Load(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var secretWarnings = StartupSecretsValidator.EnsureSafe(configuration, environment);
        var config = new ConfigReader(configuration);
        var postgres = BuildPostgresConnectionString(config);
        var sqlitePath = Path.GetFullPath(config.Text("SQLITE_PATH", Path.Combine("data", "whatssuite.db")));
        var mode = postgres is null ? PersistenceMode.Embedded : PersistenceMode.Server;
        var jwt = JwtSettings.Load(config, environment, mode, sqlitePath);
        var dataEncryption = DataEncryptionSettings.Load(config, environment, mode, sqlitePath, jwt.SigningKey);

        var hangfireServerEnabled = config.Bool("HANGFIRE_SERVER_ENABLED", true);
        if (!hangfireServerEnabled && mode == PersistenceMode.Embedded)
        {
            throw new InvalidOperationException("HANGFIRE_SERVER_ENABLED=false needs server mode: an embedded instance is the only one, and its jobs would never run.");
        }

        return new WhatsSuiteSettings
        {
            ServiceName = config.Text("SERVICE_NAME", "whatssuite-api"),
            InstanceId = config.Text("SERVICE_INSTANCE_ID", $"instance-{Environment.ProcessId}"),
            Mode = mode,
            SqlitePath = sqlitePath,
            PostgresConnectionString = postgres,
            RedisUrl = config.Text("REDIS_URL"),
            RedisSessionPrefix = config.Text("REDIS_SESSION_PREFIX", "session"),
            RedisTimeout = TimeSpan.FromMilliseconds(config.Number("REDIS_TIMEOUT_MS", (int)Configuration.RedisUrl.DefaultTimeout.TotalMilliseconds, min: 10, max: 60_000)),
            RedisCircuitBreak = TimeSpan.FromSeconds(config.Number("REDIS_CIRCUIT_BREAK_SECONDS", 5, min: 1, max: 300)),
            DashboardCacheDuration = TimeSpan.FromSeconds(config.Number("DASHBOARD_CACHE_SECONDS", 30, min: 0, max: 3600)),
            MigrateOnStartup = config.Bool("DB_MIGRATE_ON_STARTUP", true),
            MigrationTimeout = config.Duration("DB_MIGRATION_TIMEOUT", TimeSpan.FromHours(6)),
            BcryptRounds = config.Number("BCRYPT_SALT_ROUNDS", 12, min: 4, max: 31),
            Jwt = jwt,
            DataEncryption = dataEncryption,
            Media = MediaSettings.Load(config, sqlitePath, dataEncryption, jwt.SigningKey),
            SecretWarnings = secretWarnings,
            Mfa = MfaSettings.Load(configuration, environment),
            Admin = new AdminSeedSettings(
                config.Text("ADMIN_EMAIL", "admin@whatssuite.local"),
                config.Text("ADMIN_PASSWORD"),
                config.Text("ADMIN_FULL_NAME", "Administrator")),
            Authentication = new Application.Common.Security.AuthenticationOptions
            {
                RefreshTokenLifetime = config.Duration("REFRESH_TOKEN_EXPIRES_IN", TimeSpan.FromDays(7)),
                MaxFailedLogins = config.Number("LOGIN_MAX_FAILED_ATTEMPTS", 5, min: 1, max: 1000),
                LockoutWindow = TimeSpan.FromMinutes(config.Number("LOGIN_LOCKOUT_MINUTES", 15, min: 1, max: 10080)),
                MaxEmailAttempts = config.Number("RATE_LIMIT_AUTH_EMAIL_MAX_REQUESTS", 10, min: 1, max: 10_000_000),
                EmailAttemptWindow = TimeSpan.FromSeconds(config.Number("RATE_LIMIT_AUTH_EMAIL_WINDOW_SECONDS", 60, min: 1, max: 86400)),
                PasswordVerifyConcurrency = config.Number("PASSWORD_VERIFY_CONCURRENCY", Math.Max(1, Environment.ProcessorCount / 2), min: 1, max: 1024),
                PasswordVerifyQueue = config.Number("PASSWORD_VERIFY_QUEUE", 8, min: 0, max: 100_000),
                PasswordVerifyQueueTimeout = TimeSpan.FromMilliseconds(config.Number("PASSWORD_VERIFY_QUEUE_MS", 2000, min: 0, max: 60_000)),
            },
            HangfireServerEnabled = hangfireServerEnabled,
            HangfireWorkers = config.Number("HANGFIRE_WORKERS", Math.Min(Environment.ProcessorCount * 5, 20), min: 1, max: 100),
            HttpEdge = HttpEdgeSettings.Load(config, environment),
            Realtime = RealtimeSettings.Load(config),
            WhatsApp = WhatsAppSettings.Load(config),
            Messaging = LoadMessaging(config, mode),
            Retention = new Application.Archives.RetentionOptions
            {
                MessagesMonths = config.Number("RETENTION_MESSAGES_MONTHS", 0, min: 0, max: 1200),
                WebhookInboxDays = config.Number("RETENTION_WEBHOOK_INBOX_DAYS", 0, min: 0, max: 36500),
                AuditMonths = config.Number("RETENTION_AUDIT_MONTHS", 0, min: 0, max: 1200),
                PresenceMonths = config.Number("RETENTION_PRESENCE_MONTHS", 0, min: 0, max: 1200),
            },
            ArchiveDirectory = Path.GetFullPath(config.Text("ARCHIVE_DIR", Path.Combine(Path.GetDirectoryName(sqlitePath)!, "archives"))),
            CampaignAudience = new Application.Campaigns.CampaignAudienceOptions
            {
                MaxFileBytes = config.Number("CAMPAIGN_AUDIENCE_FILE_MAX_BYTES", 100 * 1024 * 1024, min: 1024, max: int.MaxValue),
                ReplyWindow = TimeSpan.FromHours(config.Number("CAMPAIGN_REPLY_WINDOW_HOURS", 72, min: 1, max: 720)),
            },
            ConversationExport = new Application.Conversations.ConversationExportOptions
            {
                SyncMax = config.Number("CONVERSATION_EXPORT_SYNC_MAX", 1000, min: 1, max: 1_000_000),
                RetentionDays = config.Number("CONVERSATION_EXPORT_RETENTION_DAYS", 7, min: 1, max: 3650),
                MaxPendingPerUser = config.Number("CONVERSATION_EXPORT_MAX_PENDING", 3, min: 1, max: 100),
            },
        };
    }

    private static Application.Common.Messaging.MessagingOptions LoadMessaging(ConfigReader config, PersistenceMode mode)
    {
        var keywords = config.Text("OPT_OUT_KEYWORDS", "STOP,BAJA,CANCELAR")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // SQLite writes one transaction at a time: a second loop would only wait, and could write before the first.
        var processingLoops = config.Number("WEBHOOK_PROCESSING_LOOPS", 2, min: 1, max: 16);
        return new Application.Common.Messaging.MessagingOptions
        {
            OptOutKeywords = new HashSet<string>(keywords, StringComparer.OrdinalIgnoreCase),
            WebhookMaxAttempts = config.Number("WEBHOOK_MAX_ATTEMPTS", 8, min: 1, max: 100),
            WebhookMaxItemsPerTransaction = config.Number("WEBHOOK_MAX_ITEMS_PER_TRANSACTION", 500, min: 1, max: 100_000),
            WebhookProcessingLoops = mode == PersistenceMode.Server ? processingLoops : 1,
            OutboxMaxAttempts = config.Number("OUTBOX_MAX_ATTEMPTS", 8, min: 1, max: 100),
            OutboxLease = TimeSpan.FromSeconds(config.Number("OUTBOX_LEASE_SECONDS", 15, min: 3, max: 3600)),
            AutoAssignEnabled = config.Bool("AUTO_ASSIGN_ENABLED", true),
            AutoAssignRequirePresence = config.Bool("AUTO_ASSIGN_REQUIRE_PRESENCE", true),
            SandboxEnabled = config.Bool("SANDBOX_ENABLED", mode == PersistenceMode.Embedded),
        };
    }

    private static string? BuildPostgresConnectionString(ConfigReader config)
    {
        // Statements an instance runs again and again (the desk's lists, the queues' claims) are prepared on each
        // connection once used a few times, so PostgreSQL parses and plans them once rather than on every request. A
        // connection goes back to the pool without Npgsql's session reset (seven statements run on the next rental): the
        // product leaves no session state on a connection, which an architecture test checks (ADR 0052).
        var autoPrepare = config.Number("POSTGRES_AUTO_PREPARE", 100, min: 0, max: 10000);
        var explicitConnection = config.Raw("ConnectionStrings:Postgres");
        if (!string.IsNullOrWhiteSpace(explicitConnection))
        {
            // A connection string of the operator's own keeps every keyword it sets; the product's defaults fill in the
            // others.
            var explicitBuilder = new NpgsqlConnectionStringBuilder(explicitConnection);
            var given = new DbConnectionStringBuilder { ConnectionString = explicitConnection }.Keys
                .Cast<string>().Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var changed = false;
            if (autoPrepare != 0 && !given.Contains("MaxAutoPrepare"))
            {
                explicitBuilder.MaxAutoPrepare = autoPrepare;
                changed = true;
            }

            if (!given.Contains("NoResetOnClose"))
            {
                explicitBuilder.NoResetOnClose = true;
                changed = true;
            }

            return changed ? explicitBuilder.ConnectionString : explicitConnection;
        }

        var host = config.Text("POSTGRES_HOST");
        if (host is null)
        {
            return null;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = config.Number("POSTGRES_PORT", 5432, min: 1, max: 65535),
            Username = config.Text("POSTGRES_USER") ?? throw new InvalidOperationException("POSTGRES_USER is required when POSTGRES_HOST is set."),
            Password = config.Text("POSTGRES_PASSWORD"),
            Database = config.Text("POSTGRES_DB") ?? throw new InvalidOperationException("POSTGRES_DB is required when POSTGRES_HOST is set."),
            MaxPoolSize = config.Number("POSTGRES_POOL_MAX", 15, min: 1, max: 1000),
            SslMode = config.Bool("POSTGRES_SSL", false) ? SslMode.Require : SslMode.Prefer,
            MaxAutoPrepare = autoPrepare,
            NoResetOnClose = true,
        };
        return builder.ConnectionString;
    }
}

public sealed record AdminSeedSettings(string Email, string? Password, string FullName);
