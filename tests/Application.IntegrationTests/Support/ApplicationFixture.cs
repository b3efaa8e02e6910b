using System.Collections.Concurrent;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Infrastructure;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Application.IntegrationTests.Support;

/// <summary>
/// The application without its web host, for one test class: the same Application and Infrastructure registrations
/// as the API (mediator with its whole pipeline, EF Core on PostgreSQL, Redis, audit trail), on a database of the
/// class's own, started the way the API starts it (migrations, admin seed). No hosted service runs: neither
/// Hangfire's server nor the outbox, inbox and auto-assignment workers, so classes may run in parallel and a
/// test sees exactly what its commands did. Commands run one per scope, as one request does, as the actor the
/// test names.
/// </summary>
public sealed class ApplicationFixture : IAsyncLifetime
{
    private readonly string _mediaDirectory = Path.Combine(Path.GetTempPath(), $"whatssuite-apptest-media-{Guid.NewGuid():N}");
    private TestDatabase? _database;
    private ServiceProvider? _services;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Fixture not initialized.");

    /// <summary>Creates users, queues, connections, contacts and conversations through the domain model.</summary>
    public Seeder Seed { get; private set; } = null!;

    /// <summary>Every log line written: category, level and formatted message.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Every statement the fixture's contexts send.</summary>
    public CommandLog Commands { get; } = new();

    /// <summary>The wake-ups the commands gave the (not running) background workers.</summary>
    public BackgroundWorkSignal Signal => Services.GetRequiredService<BackgroundWorkSignal>();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var redisPrefix = $"apptest-{Guid.NewGuid():N}";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = _database.ConnectionString,
                ["REDIS_URL"] = TestEnvironment.RedisUrl,
                ["REDIS_SESSION_PREFIX"] = redisPrefix,
                ["RATE_LIMIT_PREFIX"] = $"{redisPrefix}:ratelimit",
                ["SERVICE_INSTANCE_ID"] = "application-tests",
                ["JWT_SECRET"] = TestEnvironment.JwtSecret,
                ["ADMIN_EMAIL"] = "admin@example.test",
                ["ADMIN_PASSWORD"] = "Initial-admin-password-1",
                ["BCRYPT_SALT_ROUNDS"] = "4",
                ["MFA_REQUIRED_ROLES"] = string.Empty,
                ["REDIS_TIMEOUT_MS"] = "5000",
                ["MEDIA_STORAGE_DIR"] = _mediaDirectory,

                // Nobody holds a desk connection here: auto-assignment is tested without presence (presence has its own tests).
                ["AUTO_ASSIGN_REQUIRE_PRESENCE"] = "false",
            })
            .Build();
        var environment = new HostingEnvironment { EnvironmentName = "Testing", ApplicationName = "WhatsSuite.Application.IntegrationTests", ContentRootPath = AppContext.BaseDirectory };
        var settings = WhatsSuiteSettings.Load(configuration, environment);

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(environment);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning).AddProvider(new CapturingLoggerProvider(Logs)));
        services.AddApplication();
        services.AddInfrastructure(settings);
        services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(Commands));

        // No host runs them, but say so: these tests drive every state change through commands themselves.
        services.RemoveAll<IHostedService>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = false });
        await _services.InitializeDatabaseAsync();
        Seed = new Seeder(this);
    }

    /// <summary>Sends <paramref name="command"/> through the mediator's pipeline as <paramref name="actor"/>, in a scope of its own.</summary>
    public async Task<TResponse> SendAsync<TResponse>(Actor actor, ICommand<TResponse> command)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    /// <summary>Sends <paramref name="query"/> through the mediator's pipeline as <paramref name="actor"/>, in a scope of its own.</summary>
    public async Task<TResponse> SendAsync<TResponse>(Actor actor, IQuery<TResponse> query)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    /// <summary>Reads the database through the model (a fresh, untracked context), so a renamed column fails the build.</summary>
    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return await query(db);
    }

    /// <summary>Changes the database through the model (a fresh context, saved afterwards): for arranging what no command does.</summary>
    public async Task ChangeAsync(Func<AppDbContext, Task> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await change(db);
        await db.SaveChangesAsync();
    }

    /// <summary>The conversation as stored now.</summary>
    public Task<Conversation> ConversationAsync(Guid id) => QueryAsync(db => db.Conversations.SingleAsync(c => c.Id == id));

    /// <summary>The audit rows of <paramref name="action"/> on <paramref name="targetId"/>, oldest first.</summary>
    public Task<List<AuditLog>> AuditAsync(string action, Guid targetId) =>
        QueryAsync(db => db.AuditLogs
            .Where(a => a.Action == action && a.TargetId == targetId.ToString())
            .OrderBy(a => a.Sequence)
            .ToListAsync());

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (Directory.Exists(_mediaDirectory))
        {
            Directory.Delete(_mediaDirectory, recursive: true);
        }
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

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{category} {logLevel} {formatter(state, exception)} {exception}");
    }
}
