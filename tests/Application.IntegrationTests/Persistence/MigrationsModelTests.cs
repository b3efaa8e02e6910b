using Microsoft.EntityFrameworkCore;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Application.IntegrationTests.Persistence;

/// <summary>
/// The model and the migrations agree, for each provider: a change to an entity or its configuration comes with a
/// migration. Start-up only migrates when the history has a migration to apply (DatabaseInitializer), so this is where
/// a forgotten migration is caught rather than at the next deployment's start. Neither check opens a connection.
/// </summary>
public sealed class MigrationsModelTests
{
    [Fact]
    public void PostgresModel_ComparedWithItsMigrations_HasNoPendingChanges()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=unused.invalid;Database=unused").Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The PostgreSQL model differs from its last migration: add a migration.");
    }

    [Fact]
    public void SqliteModel_ComparedWithItsMigrations_HasNoPendingChanges()
    {
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=unused.db").Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The SQLite model differs from its last migration: add a migration.");
    }
}
