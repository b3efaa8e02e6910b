using Npgsql;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Application.IntegrationTests.Persistence;

/// <summary>
/// The pooled connections' settings. <c>POSTGRES_AUTO_PREPARE</c>: each pooled connection prepares the statements it
/// runs again and again, so PostgreSQL parses and plans a desk list once per connection rather than on every request
/// (bench/scale measured planning as most of a SUPERVISOR list's database time). And a connection goes back to the pool
/// without Npgsql's session reset, seven statements PostgreSQL would otherwise run on every rental (ADR 0052): the
/// product leaves no session state on a connection (architecture test <c>PooledConnectionStateTests</c>). A connection
/// string of the operator's own keeps what it says about either.
/// </summary>
public sealed class PostgresPoolSettingsTests
{
    [Fact]
    public void Load_NoSetting_PreparesUpToOneHundredStatementsPerConnection()
    {
        var settings = TestSettings.Load(("ConnectionStrings:Postgres", "Host=db.example.test;Database=whatssuite;Username=app"));

        Assert.Equal(100, new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public void Load_SettingGivenWithPostgresVariables_IsApplied()
    {
        var settings = TestSettings.Load(("POSTGRES_HOST", "db.example.test"), ("POSTGRES_USER", "app"), ("POSTGRES_DB", "whatssuite"), ("POSTGRES_AUTO_PREPARE", "20"));

        Assert.Equal(20, new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public void Load_ZeroOrAConnectionStringOfItsOwn_LeavesMaxAutoPrepareAsGiven()
    {
        var off = TestSettings.Load(("ConnectionStrings:Postgres", "Host=db.example.test;Database=whatssuite;Username=app"), ("POSTGRES_AUTO_PREPARE", "0"));
        var own = TestSettings.Load(("ConnectionStrings:Postgres", "Host=db.example.test;Database=whatssuite;Username=app;Max Auto Prepare=7"));

        Assert.Equal(0, new NpgsqlConnectionStringBuilder(off.PostgresConnectionString).MaxAutoPrepare);
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(own.PostgresConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public void Load_ConnectionStringTurningAutoPrepareOff_KeepsItOff()
    {
        var settings = TestSettings.Load(("ConnectionStrings:Postgres", "Host=db.example.test;Database=whatssuite;Username=app;Max Auto Prepare=0"));

        Assert.Equal(0, new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public void Load_SettingOutOfRange_IsRefusedAtStart()
    {
        Assert.ThrowsAny<Exception>(() => TestSettings.Load(("ConnectionStrings:Postgres", "Host=db.example.test;Database=whatssuite;Username=app"), ("POSTGRES_AUTO_PREPARE", "-1")));
    }

    [Fact]
    public async Task Connection_StatementRunRepeatedly_IsPreparedOnTheServer()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = TestSettings.Load(("ConnectionStrings:Postgres", database.ConnectionString));
        await using var connection = new NpgsqlConnection(settings.PostgresConnectionString);
        await connection.OpenAsync();

        for (var i = 0; i < 6; i++)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_class WHERE relname = $1", connection);
            command.Parameters.AddWithValue("conversations");
            await command.ExecuteScalarAsync();
        }

        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM pg_class WHERE relname%'", connection);
        Assert.Equal(1L, (long)(await prepared.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("POSTGRES_HOST", "db.example.test")]
    [InlineData("ConnectionStrings:Postgres", "Host=db.example.test;Database=whatssuite;Username=app")]
    public void Load_NoSetting_ConnectionsGoBackToThePoolWithoutAReset(string key, string value)
    {
        var settings = TestSettings.Load((key, value), ("POSTGRES_USER", "app"), ("POSTGRES_DB", "whatssuite"));

        Assert.True(new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString).NoResetOnClose);
    }

    [Theory]
    [InlineData("Host=db.example.test;Database=whatssuite;Username=app;No Reset On Close=false")]
    [InlineData("Host=db.example.test;Database=whatssuite;Username=app;noresetonclose=false")]
    public void Load_ConnectionStringAskingForTheReset_KeepsIt(string connectionString)
    {
        var settings = TestSettings.Load(("ConnectionStrings:Postgres", connectionString));

        Assert.False(new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString).NoResetOnClose);
    }

    [Fact]
    public async Task Connection_RentedAgain_IsNotResetSoSessionStateWouldCarryOver()
    {
        await using var database = await TestDatabase.CreateAsync();
        var pooled = new NpgsqlConnectionStringBuilder(TestSettings.Load(("ConnectionStrings:Postgres", database.ConnectionString)).PostgresConnectionString)
        {
            MaxPoolSize = 1,
        }.ConnectionString;
        int backend;
        await using (var first = new NpgsqlConnection(pooled))
        {
            await first.OpenAsync();
            backend = first.ProcessID;
            await using var set = new NpgsqlCommand("SELECT set_config('statement_timeout', '17s', false)", first);
            await set.ExecuteScalarAsync();
        }

        await using var again = new NpgsqlConnection(pooled);
        await again.OpenAsync();
        await using var show = new NpgsqlCommand("SHOW statement_timeout", again);

        Assert.Equal(backend, again.ProcessID);
        Assert.Equal("17s", (string?)await show.ExecuteScalarAsync());
    }
}
