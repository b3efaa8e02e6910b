using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Connections;
using WhatsSuite.Application.Connections.EnsureSandboxConnection;
using WhatsSuite.Application.Users.EnsureAdmin;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Persistence;

/// <summary>
/// Start-up: applies migrations (unless <c>DB_MIGRATE_ON_STARTUP=false</c>), seeds the first ADMIN and, in
/// embedded mode with the sandbox enabled, the default sandbox connection and its queue.
/// </summary>
public static partial class DatabaseInitializer
{
    public const string SeedJobName = "admin-seed";
    public const string SandboxSeedJobName = "sandbox-seed";

    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var settings = provider.GetRequiredService<WhatsSuiteSettings>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer).FullName!);
        var db = provider.GetRequiredService<AppDbContext>();
        foreach (var warning in settings.SecretWarnings)
        {
            LogUnsafeSecret(logger, warning);
        }

        if (settings.Mfa.RequiredRoles.Count == 0)
        {
            LogMfaNotEnforced(logger);
        }

        if (settings.MigrateOnStartup)
        {
            // A migration that rewrites a populated table (the monthly partitions) runs for minutes: the request
            // command timeout would abort it half-way on a large database, which then never starts.
            var commandTimeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(settings.MigrationTimeout);
            await EnsureMigrationsHistoryAsync(db, cancellationToken);

            // Migrating an up-to-date database still builds the migrations' snapshot model and compares it with the
            // runtime model (EF Core's pending-model check): about 0.18 s of CPU on every instance start, for an
            // answer that only changes with the code (bench/results/host-start-2026-11-29.md). The history decides
            // whether there is anything to apply; MigrationsModelTests makes the pending-model check in the suite.
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                await db.Database.MigrateAsync(cancellationToken);
            }

            db.Database.SetCommandTimeout(commandTimeout);
        }

        // The search texts of rows stored without them (before they existed, or by an instance of an earlier version
        // during a rolling upgrade), whether this instance migrated the database or it was migrated from the committed
        // scripts. Once every row has them, each is one read that finds nothing.
        await Search.ConversationSearchBackfill.RunAsync(db, cancellationToken);
        await Search.ContactSearchBackfill.RunAsync(db, cancellationToken);

        if (settings.Mode == PersistenceMode.Embedded)
        {
            // WAL lets readers proceed while one request writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await SeedAdminAsync(provider, settings, logger, cancellationToken);
        if (settings.Mode == PersistenceMode.Embedded && settings.Messaging.SandboxEnabled)
        {
            // A scope of its own: one command per scope, as in a request.
            await using var sandboxScope = services.CreateAsyncScope();
            await SeedSandboxConnectionAsync(sandboxScope.ServiceProvider, logger, cancellationToken);
        }
    }

    /// <summary>
    /// Creates the migrations history table of an existing PostgreSQL database before migrating. The PostgreSQL
    /// provider otherwise finds out that the table is missing by querying it, and EF Core logs that expected failure
    /// as an error on every first start of a fresh database.
    /// </summary>
    private static async Task EnsureMigrationsHistoryAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (db is PostgresAppDbContext && await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
        {
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        }
    }

    private static async Task SeedAdminAsync(IServiceProvider provider, WhatsSuiteSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        provider.GetRequiredService<ActorContext>().Set(Actor.System(SeedJobName));
        var mediator = provider.GetRequiredService<IMediator>();
        var admin = settings.Admin;
        var result = await mediator.Send(new EnsureAdminCommand(admin.Email, admin.FullName, admin.Password), cancellationToken);
        if (!result.IsSuccess)
        {
            if (result.Error.Code == "users.email_taken")
            {
                return;
            }

            throw new InvalidOperationException($"Seeding the admin failed: {result.Error.Code} {result.Error.Message} Check ADMIN_EMAIL, ADMIN_FULL_NAME and ADMIN_PASSWORD.");
        }

        if (result.Value.GeneratedPassword is { } generated)
        {
            LogGeneratedAdminPassword(logger, admin.Email, generated);
        }
        else if (result.Value.Created)
        {
            LogAdminSeeded(logger, admin.Email);
        }
    }

    private static async Task SeedSandboxConnectionAsync(IServiceProvider provider, ILogger logger, CancellationToken cancellationToken)
    {
        provider.GetRequiredService<ActorContext>().Set(Actor.System(SandboxSeedJobName));
        var result = await provider.GetRequiredService<IMediator>().Send(new EnsureSandboxConnectionCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            if (result.Error.Code == ConnectionErrors.SandboxCreatedConcurrently.Code)
            {
                return;
            }

            throw new InvalidOperationException($"Creating the default sandbox connection failed: {result.Error.Code} {result.Error.Message}");
        }

        if (result.Value.Created)
        {
            LogSandboxSeeded(logger, result.Value.ConnectionId!.Value);
        }
    }

    [LoggerMessage(EventId = LogEvents.SandboxConnectionSeeded, Level = LogLevel.Information, Message = "Created the default sandbox connection {ConnectionId} and linked it to the queue General")]
    private static partial void LogSandboxSeeded(ILogger logger, Guid connectionId);

    [LoggerMessage(EventId = LogEvents.FirstAdminGeneratedPassword, Level = LogLevel.Warning,
        Message = "Created the first ADMIN {AdminEmail} with the generated password {GeneratedPassword} (shown only this once; it must be changed at first login). Set ADMIN_PASSWORD to choose it.")]
    private static partial void LogGeneratedAdminPassword(ILogger logger, string adminEmail, string generatedPassword);

    [LoggerMessage(EventId = LogEvents.UnsafeSetting, Level = LogLevel.Warning, Message = "Not safe for Production: {Problem}")]
    private static partial void LogUnsafeSecret(ILogger logger, string problem);

    [LoggerMessage(EventId = LogEvents.MfaNotEnforced, Level = LogLevel.Warning,
        Message = "Multi-factor authentication is not enforced for any role (MFA_REQUIRED_ROLES is empty, the default outside Production). Set MFA_REQUIRED_ROLES=ADMIN to require it.")]
    private static partial void LogMfaNotEnforced(ILogger logger);

    [LoggerMessage(EventId = LogEvents.FirstAdminSeeded, Level = LogLevel.Information, Message = "Created the first ADMIN {AdminEmail} from ADMIN_PASSWORD")]
    private static partial void LogAdminSeeded(ILogger logger, string adminEmail);
}
