using System.Security.Cryptography;
using System.Text;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// A PostgreSQL database of its own for one test class, dropped afterwards. It is a copy of a template database
/// that holds every migration and Hangfire's schema already applied, so a class (and every host on it) starts on
/// the current schema without migrating it, and classes that run in parallel never share rows.
/// </summary>
/// <remarks>
/// SQL text here comes from the tests themselves, and database names are generated GUIDs or hashes (identifiers
/// cannot be parameters), so CA2100 does not apply.
/// </remarks>
#pragma warning disable CA2100 // SQL text comes from the tests; database names are generated (see remarks).
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The migrated template of this process's schema, created once per process (and once per server).</summary>
    private static readonly Lazy<Task<string>> Template = new(EnsureTemplateAsync);

    /// <summary>A fresh database with the current schema and no rows (no admin either: the application seeds it at start-up).</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        var admin = TestEnvironment.PostgresAdminConnectionString;
        var template = await Template.Value;
        var name = $"ws_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(admin, name, builder.ConnectionString);
    }

    /// <summary>A fresh database with nothing in it, not even the schema (what a restore starts from).</summary>
    public static async Task<TestDatabase> CreateEmptyAsync()
    {
        var admin = TestEnvironment.PostgresAdminConnectionString;
        var name = $"ws_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(admin, name, builder.ConnectionString);
    }

    /// <summary>
    /// Creates, unless it exists, the template database named after a hash of the full migration script and of the
    /// Hangfire.PostgreSql version, so a changed or added migration gets a template of its own. An advisory lock lets test projects that run at the
    /// same time against one server build it once; it is built under another name and renamed when complete, and
    /// nobody stays connected to it (a template cannot be copied while someone is).
    /// </summary>
    private static async Task<string> EnsureTemplateAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString) { Pooling = false };
        string script;
        await using (var scripting = CreateContext(admin.ConnectionString))
        {
            script = scripting.GetService<IMigrator>().GenerateScript();
        }

        script += typeof(PostgreSqlObjectsInstaller).Assembly.GetName().Version;
        var name = $"ws_template_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..16]}";
        var building = $"{name}_building";
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(hashtext('whatssuite-test-template'))");
        try
        {
            await using (var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection))
            {
                exists.Parameters.AddWithValue("name", name);
                if ((long)(await exists.ExecuteScalarAsync())! == 1)
                {
                    return name;
                }
            }

            await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)");
            await ExecuteAsync(connection, $"CREATE DATABASE \"{building}\"");
            await using (var db = CreateContext(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = building }.ConnectionString))
            {
                await db.Database.MigrateAsync();
            }

            // The schema every host's Hangfire storage would otherwise install at start-up (the same schema name).
            await using (var hangfire = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = building }.ConnectionString))
            {
                await hangfire.OpenAsync();
                PostgreSqlObjectsInstaller.Install(hangfire, "hangfire");
            }

            await ExecuteAsync(connection, $"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"");
            return name;
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(hashtext('whatssuite-test-template'))");
        }
    }

    private static PostgresAppDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connectionString).Options);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Reads (or, with <c>ExecuteUpdateAsync</c>, arranges) the database through the model on a fresh, untracked context of
    /// its own, with no host needed, so a renamed column fails the build. Prefer it to <see cref="ScalarAsync{T}"/>, which
    /// is for what the model cannot say (triggers, plans, constraints).
    /// </summary>
    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = CreateContext(ConnectionString);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return await query(db);
    }

    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs one or more statements (as the suite's privileged user) and answers the rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Only this database's pool: other classes run beside this one on pools of their own.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
#pragma warning restore CA2100
