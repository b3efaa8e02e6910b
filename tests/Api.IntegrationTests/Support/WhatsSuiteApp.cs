using System.Collections.Concurrent;
using Hangfire;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Auth.ChangePassword;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// One WhatsSuite instance hosted in-process with the given settings (the same keys as the environment
/// variables). Several instances may share one PostgreSQL database and Redis, as in production.
/// </summary>
public sealed class WhatsSuiteApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.test";

    /// <summary>The seeded password (<c>ADMIN_PASSWORD</c>); the admin must change it before anything else.</summary>
    public const string AdminSeedPassword = "Initial-admin-password-1";

    /// <summary>The admin's password after the first change, which every instance completes at start-up.</summary>
    public const string AdminPassword = "Admin-chosen-password-2";

    /// <summary>Every test comes from 127.0.0.1; rate-limit tests set their own small budgets.</summary>
    private const string TestRateLimit = "100000";

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public WhatsSuiteApp(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        _settings = settings;
        _services = services;
    }

    /// <summary>Every log line the instance wrote: category, level, formatted message and structured values.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Server mode on the given database and the suite's Redis, with a Redis key prefix of its own.</summary>
    public static Dictionary<string, string?> ServerSettings(TestDatabase database, string redisPrefix, string instanceId = "test-1")
    {
        var settings = CommonSettings(instanceId);
        settings["ConnectionStrings:Postgres"] = database.ConnectionString;
        settings["REDIS_URL"] = TestEnvironment.RedisUrl;
        settings["REDIS_SESSION_PREFIX"] = redisPrefix;
        settings["RATE_LIMIT_PREFIX"] = $"{redisPrefix}:ratelimit";
        return settings;
    }

    /// <summary>
    /// Embedded mode on a SQLite file. A new file starts as a copy of the migrated schema (<see cref="SqliteTemplate"/>);
    /// <paramref name="fresh"/> leaves it to the host to create and migrate, as on a first start.
    /// </summary>
    public static Dictionary<string, string?> EmbeddedSettings(string sqlitePath, string instanceId = "embedded-1", bool fresh = false)
    {
        if (!fresh)
        {
            SqliteTemplate.CopyTo(sqlitePath);
        }

        var settings = CommonSettings(instanceId);
        settings["SQLITE_PATH"] = sqlitePath;
        return settings;
    }

    private static Dictionary<string, string?> CommonSettings(string instanceId) => new()
    {
        ["SERVICE_INSTANCE_ID"] = instanceId,
        ["JWT_SECRET"] = TestEnvironment.JwtSecret,
        ["ADMIN_EMAIL"] = AdminEmail,
        ["ADMIN_PASSWORD"] = AdminSeedPassword,
        ["BCRYPT_SALT_ROUNDS"] = "4",
        ["HANGFIRE_WORKERS"] = "1",
        ["LOG_LEVEL"] = "info",

        // Every test request comes from 127.0.0.1; the rate-limit tests set their own small budgets.
        ["RATE_LIMIT_MAX_REQUESTS"] = TestRateLimit,
        ["RATE_LIMIT_USER_MAX_REQUESTS"] = TestRateLimit,
        ["RATE_LIMIT_AUTH_MAX_REQUESTS"] = TestRateLimit,
        ["RATE_LIMIT_AUTH_EMAIL_MAX_REQUESTS"] = TestRateLimit,

        // This shared machine can stall a thread for seconds while the suite builds and runs; the Redis outage
        // tests set their own short timeout.
        ["REDIS_TIMEOUT_MS"] = "5000",

        // Likewise for a whole request: sixty concurrent sign-ins on one database, beside other test classes, can wait
        // longer than the 15 s default for their turn and be stopped (503). The back-pressure tests set their own.
        ["REQUEST_TIMEOUT_MS"] = "60000",

        // Tests sign in in parallel from many classes; the sign-in load tests set their own small bounds.
        ["PASSWORD_VERIFY_QUEUE"] = "100000",
        ["PASSWORD_VERIFY_QUEUE_MS"] = "60000",

        // The existing tests sign in as an ADMIN without MFA; MFA tests set the default (ADMIN) back.
        ["MFA_REQUIRED_ROLES"] = string.Empty,

        // Auto-assignment tests are about strategies and capacity; presence tests set the default (true) back.
        ["AUTO_ASSIGN_REQUIRE_PRESENCE"] = "false",
    };

    /// <summary>
    /// Starts the host, then completes the seeded admin's mandatory first password change (as the admin,
    /// through the real command) when it is still pending, so tests start with a usable admin.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        WatchShutdown(host.Services, Logs);
        if (_settings.TryGetValue("ADMIN_PASSWORD", out var seed) && seed == AdminSeedPassword)
        {
            Task.Run(() => CompleteAdminFirstPasswordChangeAsync(host.Services)).GetAwaiter().GetResult();
        }

        return host;
    }

    /// <summary>How long a stopping host may take before what it still waits for is named.</summary>
    private static readonly TimeSpan SlowShutdown = TimeSpan.FromSeconds(10);

    /// <summary>The start of the line <see cref="WatchShutdown"/> writes, which a failed stop quotes.</summary>
    private const string SlowShutdownLine = "The host has been stopping for";

    /// <summary>
    /// Names what a host is still waiting for <see cref="SlowShutdown"/> after it began to stop (in <see cref="Logs"/>
    /// and on standard error): its hosted services in the order it stops them, each background worker marked running
    /// or stopped, and the Hangfire jobs still processing (Hangfire's stop waits for its workers' jobs). The host gives
    /// up after 30 s, and its exception names only the last service it was waiting for; <see cref="DisposeAsync"/>
    /// quotes this line in the test's failure.
    /// </summary>
    private static void WatchShutdown(IServiceProvider services, ConcurrentQueue<string> logs)
    {
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(() => _ = Task.Run(async () =>
        {
            await Task.Delay(SlowShutdown, lifetime.ApplicationStopped).ContinueWith(_ => { }, TaskScheduler.Default);
            if (lifetime.ApplicationStopped.IsCancellationRequested)
            {
                return;
            }

            // The host stops its services one at a time, in reverse order of registration: the first still running
            // in that order is the one it waits for (or a service before it that is not a BackgroundService).
            var inStopOrder = services.GetServices<IHostedService>().Reverse()
                .Select(s => s is BackgroundService worker ? $"{s.GetType().Name} ({(worker.ExecuteTask is { IsCompleted: false } ? "running" : "stopped")})" : s.GetType().Name);
            var line = $"{SlowShutdownLine} {SlowShutdown.TotalSeconds:F0} s; hosted services in stop order: {string.Join(", ", inStopOrder)}; Hangfire jobs processing: {ProcessingJobs(services)}";
            logs.Enqueue(line);
            await Console.Error.WriteLineAsync(line);
        }));
    }

    /// <summary>The jobs this host's Hangfire storage lists as processing, with when each started.</summary>
    private static string ProcessingJobs(IServiceProvider services)
    {
        try
        {
            var jobs = services.GetService<JobStorage>()?.GetMonitoringApi().ProcessingJobs(0, 20);
            return jobs is null || jobs.Count == 0
                ? "none"
                : string.Join(", ", jobs.Select(j => $"{j.Value.Job?.Type.Name}.{j.Value.Job?.Method.Name} since {j.Value.StartedAt:HH:mm:ss.fff} on {j.Value.ServerId}"));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return $"unknown ({exception.GetType().Name}: {exception.Message})";
        }
    }

    /// <summary>
    /// Stops and disposes the host. A stop that runs out the host's 30 s fails with what <see cref="WatchShutdown"/> saw
    /// still running, so that the test's failure says which worker or job held the stop up.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (OperationCanceledException exception)
        {
            var seen = Logs.Where(l => l.StartsWith(SlowShutdownLine, StringComparison.Ordinal)).ToList();
            throw new TimeoutException(
                $"The test host did not stop within its shutdown timeout. {(seen.Count == 0 ? "It gave up before the 10 s line was written." : string.Join(" ", seen))}",
                exception);
        }
    }

    private static async Task CompleteAdminFirstPasswordChangeAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var normalized = User.NormalizeEmail(AdminEmail);
        var adminId = await db.Users.Where(u => u.NormalizedEmail == normalized && u.MustChangePassword).Select(u => (Guid?)u.Id).SingleOrDefaultAsync();
        if (adminId is null)
        {
            return;
        }

        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.ForUser(adminId.Value, Role.ADMIN, null, true, "127.0.0.1", "test-host", null));
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ChangePasswordCommand(AdminSeedPassword, AdminPassword));
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"The admin's first password change failed: {result.Error.Code}");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            services.AddTransient<IStartupFilter, LoopbackPeerStartupFilter>();
            _services?.Invoke(services);
        });
    }

    /// <summary>The in-memory test server has no TCP peer; give requests the loopback address a real client would have.</summary>
    private sealed class LoopbackPeerStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                await nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            sink.Enqueue($"{category} {logLevel} {formatter(state, exception)} {values} {exception}");
        }
    }
}
