using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using WhatsSuite.Api.IntegrationTests.OpenApi;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Application.IntegrationTests.Persistence;

/// <summary>
/// The SQL every provider's migrations run, from an empty database to the newest migration, is the SQL committed beside
/// them (<c>src/Infrastructure/Persistence/Migrations/{Postgres,Sqlite}/migrations.sql</c>), and so is PostgreSQL's way
/// back to an empty database (<c>migrations-down.sql</c>; SQLite cannot drop columns, so its migrations have no way
/// back): a reviewer reads in the diff what a new migration will do to a production database, and a change that alters
/// what an applied migration runs fails here. That change can come from an EF Core upgrade, or from an old migration
/// left without the model it was generated against: only the newest migrations, and those whose SQL or whose
/// successor's way back is built from the model (seed data, column changes, SQLite table rebuilds), keep it
/// (ADR 0049). No test opens a connection.
/// </summary>
public sealed class MigrationScriptTests
{
    /// <summary>Set to 1 to write the generated scripts over the committed ones (after a new migration).</summary>
    private const string UpdateVariable = "WHATSSUITE_UPDATE_MIGRATION_SCRIPTS";

    [Fact]
    public void PostgresMigrations_FromEmptyToNewest_RunTheCommittedSql()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=unused.invalid;Database=unused").Options);

        AssertScript(db, "Postgres");
    }

    [Fact]
    public void PostgresMigrations_FromNewestBackToEmpty_RunTheCommittedSql()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=unused.invalid;Database=unused").Options);
        var newest = db.Database.GetMigrations().Last();

        AssertScript(db, "Postgres", fromMigration: newest, toMigration: Migration.InitialDatabase, file: "migrations-down.sql");
    }

    [Fact]
    public void SqliteMigrations_FromEmptyToNewest_RunTheCommittedSql()
    {
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=unused.db").Options);

        AssertScript(db, "Sqlite");
    }

    private static void AssertScript(DbContext db, string provider, string? fromMigration = null, string? toMigration = null, string file = "migrations.sql")
    {
        var generated = db.GetService<IMigrator>().GenerateScript(fromMigration, toMigration).ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
        var path = RepositoryFiles.Path("src", "Infrastructure", "Persistence", "Migrations", provider, file);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, generated, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        Assert.True(
            committed == generated,
            $"The {provider} migrations run other SQL than {path}. After adding a migration, review its SQL and write the scripts with " +
            $"{UpdateVariable}=1 dotnet test tests/Application.IntegrationTests --filter MigrationScriptTests; if no migration was added, an old " +
            "migration needs its model back (ADR 0049).");
    }
}
