using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Audit;

/// <summary>
/// Tampering behind the application's back: the test's superuser connection switches off the triggers
/// (<c>session_replication_role = replica</c>) and changes or removes a row; verify must name that row.
/// Each test has a database of its own, because it breaks the chain on purpose.
/// </summary>
public sealed class AuditTamperingTests
{
    private const string Bypass = "SET session_replication_role = replica; ";

    private static async Task<(TestDatabase Database, WhatsSuiteApp App, HttpClient Admin)> StartAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var app = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(database, $"test-{Guid.NewGuid():N}"));
        var admin = app.CreateClient();
        admin.WithBearer((await admin.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/users/{Guid.NewGuid()}/force-logout", null)).StatusCode);
        }

        return (database, app, admin);
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/api/v1/audit-logs/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task Verify_RowContentChangedInTheDatabase_ReportsExactlyThatRow()
    {
        var (database, app, admin) = await StartAsync();
        await using (database)
        await using (app)
        using (admin)
        {
            Assert.True((await VerifyAsync(admin)).GetProperty("intact").GetBoolean());
            var id = await database.ScalarAsync<Guid>("SELECT id FROM audit_logs WHERE sequence = 4");

            Assert.Equal(1, await database.ExecuteAsync(Bypass + "UPDATE audit_logs SET outcome = 'Success', reason = NULL WHERE sequence = 4"));

            var verdict = await VerifyAsync(admin);
            Assert.False(verdict.GetProperty("intact").GetBoolean());
            Assert.Equal(4, verdict.GetProperty("firstBrokenSequence").GetInt64());
            Assert.Equal(id, verdict.GetProperty("firstBrokenId").GetGuid());
            Assert.Equal("content_changed", verdict.GetProperty("reason").GetString());
            Assert.Equal(3, verdict.GetProperty("rowsChecked").GetInt64());
        }
    }

    [Fact]
    public async Task Verify_StoredHashReplaced_ReportsThatRow()
    {
        var (database, app, admin) = await StartAsync();
        await using (database)
        await using (app)
        using (admin)
        {
            var third = await database.ScalarAsync<Guid>("SELECT id FROM audit_logs WHERE sequence = 3");

            await database.ExecuteAsync(Bypass + "UPDATE audit_logs SET hash = repeat('a', 64) WHERE sequence = 3");

            var verdict = await VerifyAsync(admin);
            Assert.False(verdict.GetProperty("intact").GetBoolean());
            Assert.Equal(3, verdict.GetProperty("firstBrokenSequence").GetInt64());
            Assert.Equal("content_changed", verdict.GetProperty("reason").GetString());
            Assert.Equal(third, verdict.GetProperty("firstBrokenId").GetGuid());
        }
    }

    /// <summary>Recomputes a row's hash from its columns with the format documented in docs/security/audit.md, as an offline verifier would.</summary>
    private static async Task<string> OfflineHashAsync(TestDatabase database, long sequence, string previousHash)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT sequence, id, occurred_at, actor_kind, actor_id, action, target_type, target_id, outcome, reason, ip_address, user_agent, request_id FROM audit_logs WHERE sequence = @s",
            connection);
        command.Parameters.AddWithValue("s", sequence);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var text = new StringBuilder();
        void Field(string? value) => text.Append(value is null ? "~;" : $"{value.Length}:{value};");
        Field("whatssuite-audit-v1");
        Field(reader.GetInt64(0).ToString(CultureInfo.InvariantCulture));
        Field(reader.GetGuid(1).ToString("D"));
        Field(reader.GetFieldValue<DateTime>(2).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        for (var i = 3; i <= 12; i++)
        {
            Field(reader.IsDBNull(i) ? null : reader.GetString(i));
        }

        Field(previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [Fact]
    public async Task Verify_RowRelinkedWithAConsistentHash_ReportsTheBrokenLink()
    {
        var (database, app, admin) = await StartAsync();
        await using (database)
        await using (app)
        using (admin)
        {
            var stored = await database.ScalarAsync<string>("SELECT hash FROM audit_logs WHERE sequence = 4");
            var previous = await database.ScalarAsync<string>("SELECT previous_hash FROM audit_logs WHERE sequence = 4");
            Assert.Equal(stored, await OfflineHashAsync(database, 4, previous!));
            var forged = new string('b', 64);
            var forgedHash = await OfflineHashAsync(database, 4, forged);

            await database.ExecuteAsync(Bypass + "UPDATE audit_logs SET previous_hash = @p, hash = @h WHERE sequence = 4", ("p", forged), ("h", forgedHash));

            var verdict = await VerifyAsync(admin);
            Assert.False(verdict.GetProperty("intact").GetBoolean());
            Assert.Equal(4, verdict.GetProperty("firstBrokenSequence").GetInt64());
            Assert.Equal("link_broken", verdict.GetProperty("reason").GetString());
            Assert.Equal(3, verdict.GetProperty("rowsChecked").GetInt64());
        }
    }

    [Fact]
    public async Task Verify_RowDeletedFromTheDatabase_ReportsTheMissingSequence()
    {
        var (database, app, admin) = await StartAsync();
        await using (database)
        await using (app)
        using (admin)
        {
            var following = await database.ScalarAsync<Guid>("SELECT id FROM audit_logs WHERE sequence = 4");

            Assert.Equal(1, await database.ExecuteAsync(Bypass + "DELETE FROM audit_logs WHERE sequence = 3"));

            var verdict = await VerifyAsync(admin);
            Assert.False(verdict.GetProperty("intact").GetBoolean());
            Assert.Equal(3, verdict.GetProperty("firstBrokenSequence").GetInt64());
            Assert.Equal(following, verdict.GetProperty("firstBrokenId").GetGuid());
            Assert.Equal("row_missing", verdict.GetProperty("reason").GetString());
            Assert.Equal(2, verdict.GetProperty("rowsChecked").GetInt64());
        }
    }

    [Fact]
    public async Task Verify_RowDeletedAndLaterRowsRenumbered_ReportsTheBrokenLink()
    {
        var (database, app, admin) = await StartAsync();
        await using (database)
        await using (app)
        using (admin)
        {
            var fourth = await database.ScalarAsync<Guid>("SELECT id FROM audit_logs WHERE sequence = 4");

            await database.ExecuteAsync(Bypass + "DELETE FROM audit_logs WHERE sequence = 3; UPDATE audit_logs SET sequence = sequence - 1 WHERE sequence > 3;");

            var verdict = await VerifyAsync(admin);
            Assert.False(verdict.GetProperty("intact").GetBoolean());
            Assert.Equal(3, verdict.GetProperty("firstBrokenSequence").GetInt64());
            Assert.Equal(fourth, verdict.GetProperty("firstBrokenId").GetGuid());
            Assert.Equal("content_changed", verdict.GetProperty("reason").GetString());
        }
    }
}
