using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Infrastructure.Auditing;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Audit;

/// <summary>The hash chain and the append-only table on PostgreSQL, with one shared, untampered database.</summary>
public sealed class AuditChainTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    [Fact]
    public async Task Verify_AfterCommands_IsIntactAndChecksEveryRow()
    {
        await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.GetAsync("/api/v1/audit-logs/verify");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var rows = await fixture.Database.QueryAsync(db => db.AuditLogs.LongCountAsync());
        Assert.True(body.GetProperty("intact").GetBoolean());
        Assert.True(rows >= 4);
        Assert.Equal(rows, body.GetProperty("rowsChecked").GetInt64());
        Assert.Equal(rows, await fixture.Database.QueryAsync(db => db.AuditLogs.MaxAsync(a => a.Sequence)));
        Assert.Equal(0, await fixture.Database.QueryAsync(db => db.AuditLogs.CountAsync(a => a.Hash.Length != 64 || a.PreviousHash == a.Hash)));
        Assert.Equal(
            await fixture.Database.QueryAsync(db => db.AuditLogs.Where(a => a.Sequence == 1).Select(a => a.Hash).SingleAsync()),
            await fixture.Database.QueryAsync(db => db.AuditLogs.Where(a => a.Sequence == 2).Select(a => a.PreviousHash).SingleAsync()));
    }

    [Fact]
    public async Task Verify_AsSupervisor_Returns403AndIsAudited()
    {
        var supervisor = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        using var client = fixture.App.CreateClient().WithBearer(supervisor.Token);

        var response = await client.GetAsync("/api/v1/audit-logs/verify");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Equal("VerifyAuditChain", await fixture.Database.QueryAsync(db => db.AuditLogs.Where(a => a.RequestId == requestId).Select(a => a.Action).SingleAsync()));
    }

    [Theory]
    [InlineData("UPDATE audit_logs SET reason = 'x'")]
    [InlineData("DELETE FROM audit_logs")]
    [InlineData("TRUNCATE audit_logs")]
    public async Task ChangeThroughSql_UpdateDeleteOrTruncate_IsRefusedByTheTrigger(string sql)
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        await admin.GetAsync("/api/v1/users");
        var before = await fixture.Database.QueryAsync(db => db.AuditLogs.CountAsync());

        var error = await Assert.ThrowsAsync<PostgresException>(() => fixture.Database.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Database.QueryAsync(db => db.AuditLogs.CountAsync()));
        Assert.Equal(0, await fixture.Database.QueryAsync(db => db.AuditLogs.CountAsync(a => a.Reason == "x")));
    }

    [Fact]
    public async Task FailedCommand_IsChainedLikeAnyOther()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email = "nope", fullName = "X", role = "AGENTE", password = "Temporary-password-1" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        var sequence = await fixture.Database.QueryAsync(db => db.AuditLogs.Where(a => a.RequestId == requestId).Select(a => a.Sequence).SingleAsync());
        Assert.True(sequence > 1);
        Assert.Equal(
            await fixture.Database.QueryAsync(db => db.AuditLogs.Where(a => a.Sequence == sequence - 1).Select(a => a.Hash).SingleAsync()),
            await fixture.Database.QueryAsync(db => db.AuditLogs.Where(a => a.Sequence == sequence).Select(a => a.PreviousHash).SingleAsync()));
        var verdict = await (await admin.GetAsync("/api/v1/audit-logs/verify")).ReadJsonAsync();
        Assert.True(verdict.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Append_RowsArrivingWhileTheChainIsLocked_AreCommittedTogetherInOneTransactionAndChained()
    {
        var appender = fixture.App.Services.GetRequiredService<AuditChainAppender>();
        var tag = $"group-{Guid.NewGuid():N}";

        // Another writer holds the chain: the first row is taken for an append that waits on the lock.
        await using var holder = new NpgsqlConnection(fixture.Database.ConnectionString);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(AuditLogTriggers.PostgresChainLock, holder, hold))
        {
            await command.ExecuteNonQueryAsync();
        }

        var first = WriteAsync($"{tag}-first");
        await Eventually.TrueAsync(() => Task.FromResult(appender.Queued == 0), "the first row's append has started");
        var rest = Enumerable.Range(0, 40).Select(i => WriteAsync($"{tag}-{i}")).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(appender.Queued >= 40), "the other rows wait for the next append");
        Assert.False(first.IsCompleted);
        await hold.CommitAsync();
        await first;
        await Task.WhenAll(rest);

        var rows = await fixture.Database.QueryAsync(db => db.Database
            .SqlQuery<GroupRow>($"SELECT sequence AS \"Sequence\", xmin::text AS \"Transaction\", reason AS \"Reason\" FROM audit_logs WHERE reason LIKE {tag + "-%"} ORDER BY sequence")
            .ToListAsync());
        Assert.Equal(41, rows.Count);
        Assert.Equal($"{tag}-first", rows[0].Reason);
        var grouped = rows.Skip(1).ToList();
        Assert.Single(grouped.Select(r => r.Transaction).Distinct());
        Assert.NotEqual(rows[0].Transaction, grouped[0].Transaction);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => grouped[0].Sequence + i), grouped.Select(r => r.Sequence));
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var verdict = await (await admin.GetAsync("/api/v1/audit-logs/verify")).ReadJsonAsync();
        Assert.True(verdict.GetProperty("intact").GetBoolean());

        async Task WriteAsync(string reason)
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditTrail>()
                .WriteAsync(new AuditEntry(Actor.System("test:audit-group"), "AuditGroupTest", null, null, AuditOutcome.Success, reason), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Write_RowsOfOneCommand_AreAppendedInOrderInOneTransaction()
    {
        var tag = $"targets-{Guid.NewGuid():N}";
        var actor = Actor.System("test:audit-targets");

        // A command that acted on several targets (the outbox recording a group of results): its own row, then one per target.
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditTrail>().WriteAsync(
                [.. Enumerable.Range(0, 5).Select(i => new AuditEntry(actor, "AuditTargetsTest", "message", i == 0 ? null : $"m{i}", AuditOutcome.Success, $"{tag}-{i}"))],
                CancellationToken.None);
        }

        var rows = await fixture.Database.QueryAsync(db => db.Database
            .SqlQuery<GroupRow>($"SELECT sequence AS \"Sequence\", xmin::text AS \"Transaction\", reason AS \"Reason\" FROM audit_logs WHERE reason LIKE {tag + "-%"} ORDER BY sequence")
            .ToListAsync());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{tag}-{i}"), rows.Select(r => r.Reason));
        Assert.Single(rows.Select(r => r.Transaction).Distinct());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => rows[0].Sequence + i), rows.Select(r => r.Sequence));
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var verdict = await (await admin.GetAsync("/api/v1/audit-logs/verify")).ReadJsonAsync();
        Assert.True(verdict.GetProperty("intact").GetBoolean());
    }

    private sealed record GroupRow(long Sequence, string Transaction, string Reason);
}
