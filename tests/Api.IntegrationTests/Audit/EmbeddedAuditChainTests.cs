using System.Net;
using Microsoft.Data.Sqlite;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Audit;

/// <summary>The hash chain and the append-only triggers on the embedded SQLite file.</summary>
public sealed class EmbeddedAuditChainTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-audit-{Guid.NewGuid():N}");

    private string SqlitePath => Path.Combine(_directory, "whatssuite.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Verify_EmbeddedMode_IsIntactAndTheTableRefusesUpdateAndDelete()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath));
        using var admin = app.CreateClient();
        admin.WithBearer((await admin.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);
        await app.CreateSignedInUserAsync(admin.DefaultRequestHeaders.Authorization!.Parameter!, "AGENTE");

        var verdict = await (await admin.GetAsync("/api/v1/audit-logs/verify")).ReadJsonAsync();

        Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
        await using var connection = new SqliteConnection($"Data Source={SqlitePath}");
        await connection.OpenAsync();
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT count(*), max(sequence) FROM audit_logs";
            await using var reader = await count.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetInt64(0) >= 5);
            Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
            Assert.Equal(reader.GetInt64(0), verdict.GetProperty("rowsChecked").GetInt64());
        }

        await using (var update = connection.CreateCommand())
        {
            update.CommandText = "UPDATE audit_logs SET reason = 'x'";
            var error = await Assert.ThrowsAsync<SqliteException>(() => update.ExecuteNonQueryAsync());
            Assert.Contains("append-only: UPDATE refused", error.Message, StringComparison.Ordinal);
        }

        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM audit_logs";
            var error = await Assert.ThrowsAsync<SqliteException>(() => delete.ExecuteNonQueryAsync());
            Assert.Contains("append-only: DELETE refused", error.Message, StringComparison.Ordinal);
        }

        var again = await (await admin.GetAsync("/api/v1/audit-logs/verify")).ReadJsonAsync();
        Assert.True(again.GetProperty("intact").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/users")).StatusCode);
    }
}
