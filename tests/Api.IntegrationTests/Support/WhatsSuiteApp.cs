using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// One WhatsSuite instance hosted in-process with the given settings (the same keys as the environment
/// variables). Several instances may share one PostgreSQL database and Redis, as in production.
/// </summary>
public sealed class WhatsSuiteApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "Initial-admin-password-1";

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
    public static Dictionary<string, string?> ServerSettings(TestDatabase database, string redisPrefix, string instanceId = "test-1") => new()
    {
        ["ConnectionStrings:Postgres"] = database.ConnectionString,
        ["REDIS_URL"] = TestEnvironment.RedisUrl,
        ["REDIS_SESSION_PREFIX"] = redisPrefix,
        ["SERVICE_INSTANCE_ID"] = instanceId,
        ["JWT_SECRET"] = TestEnvironment.JwtSecret,
        ["ADMIN_EMAIL"] = AdminEmail,
        ["ADMIN_PASSWORD"] = AdminPassword,
        ["BCRYPT_SALT_ROUNDS"] = "4",
        ["HANGFIRE_WORKERS"] = "1",
        ["LOG_LEVEL"] = "info",
        ["RATE_LIMIT_PREFIX"] = $"{redisPrefix}:ratelimit",
        ["RATE_LIMIT_MAX_REQUESTS"] = TestRateLimit,
        ["RATE_LIMIT_USER_MAX_REQUESTS"] = TestRateLimit,
    };

    /// <summary>Embedded mode on a SQLite file.</summary>
    public static Dictionary<string, string?> EmbeddedSettings(string sqlitePath, string instanceId = "embedded-1") => new()
    {
        ["SQLITE_PATH"] = sqlitePath,
        ["SERVICE_INSTANCE_ID"] = instanceId,
        ["JWT_SECRET"] = TestEnvironment.JwtSecret,
        ["ADMIN_EMAIL"] = AdminEmail,
        ["ADMIN_PASSWORD"] = AdminPassword,
        ["BCRYPT_SALT_ROUNDS"] = "4",
        ["HANGFIRE_WORKERS"] = "1",
        ["LOG_LEVEL"] = "info",
        ["RATE_LIMIT_MAX_REQUESTS"] = TestRateLimit,
        ["RATE_LIMIT_USER_MAX_REQUESTS"] = TestRateLimit,
    };

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
