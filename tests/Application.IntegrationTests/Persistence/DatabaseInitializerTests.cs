using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;
using WhatsSuite.Application;
using WhatsSuite.Infrastructure;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Application.IntegrationTests.Persistence;

/// <summary>
/// Start-up migrations run under <c>DB_MIGRATION_TIMEOUT</c>, not the requests' command timeout: converting a populated
/// history takes minutes on a large database, and a migration cut off half-way leaves an instance that never starts.
/// A migration statement is made slow here by holding a lock on the migrations history table for a few seconds while
/// the connection string's own command timeout is one second.
/// </summary>
public sealed class DatabaseInitializerTests
{
    private static readonly TimeSpan LockHeld = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task InitializeDatabase_MigrationSlowerThanTheCommandTimeout_CompletesWithinTheMigrationTimeout()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = Build(database, migrationTimeout: "1h");

        await WithHistoryLockedAsync(database, () => services.InitializeDatabaseAsync());
    }

    [Fact]
    public async Task InitializeDatabase_MigrationSlowerThanTheMigrationTimeout_Fails()
    {
        // The control: the same slow statement under a one-second migration timeout is cut off, so the test above
        // passes because of the migration timeout and not because the statement was fast.
        await using var database = await TestDatabase.CreateAsync();
        await using var services = Build(database, migrationTimeout: "1s");

        await Assert.ThrowsAnyAsync<Exception>(() => WithHistoryLockedAsync(database, () => services.InitializeDatabaseAsync()));
    }

    [Fact]
    public async Task InitializeDatabase_DatabaseOneMigrationBehind_AppliesTheRest()
    {
        // Start-up skips migrating when the history lists every migration; a database behind the code is migrated.
        await using var database = await TestDatabase.CreateEmptyAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        await using (var context = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connectionString).Options))
        {
            var migrations = context.Database.GetMigrations().ToList();
            await context.GetService<IMigrator>().MigrateAsync(migrations[^2]);
            Assert.Equal([migrations[^1]], await context.Database.GetPendingMigrationsAsync());
        }

        await using var services = Build(database, migrationTimeout: "1h");
        await services.InitializeDatabaseAsync();

        await using var migrated = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connectionString).Options);
        Assert.Empty(await migrated.Database.GetPendingMigrationsAsync());
    }

    private static async Task WithHistoryLockedAsync(TestDatabase database, Func<Task> initialize)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockHistory = new NpgsqlCommand("LOCK TABLE \"__EFMigrationsHistory\" IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await lockHistory.ExecuteNonQueryAsync();
        }

        var running = initialize();
        await Task.Delay(LockHeld);
        await transaction.CommitAsync();
        await running;
    }

    private static ServiceProvider Build(TestDatabase database, string migrationTimeout)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { CommandTimeout = 1 }.ConnectionString;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = connectionString,
                ["REDIS_URL"] = TestEnvironment.RedisUrl,
                ["REDIS_SESSION_PREFIX"] = $"migrate-{Guid.NewGuid():N}",
                ["SERVICE_INSTANCE_ID"] = "migration-tests",
                ["JWT_SECRET"] = TestEnvironment.JwtSecret,
                ["ADMIN_EMAIL"] = "admin@example.test",
                ["ADMIN_PASSWORD"] = "Initial-admin-password-1",
                ["BCRYPT_SALT_ROUNDS"] = "4",
                ["MFA_REQUIRED_ROLES"] = string.Empty,
                ["REDIS_TIMEOUT_MS"] = "5000",
                ["DB_MIGRATION_TIMEOUT"] = migrationTimeout,
            })
            .Build();
        var environment = new HostingEnvironment { EnvironmentName = "Testing", ApplicationName = "WhatsSuite.Application.IntegrationTests", ContentRootPath = AppContext.BaseDirectory };
        var settings = WhatsSuiteSettings.Load(configuration, environment);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(environment);
        services.AddLogging();
        services.AddApplication();
        services.AddInfrastructure(settings);
        services.RemoveAll<IHostedService>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = false });
    }
}
