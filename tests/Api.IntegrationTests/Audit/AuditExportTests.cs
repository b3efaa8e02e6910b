using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Audit;

public sealed class AuditExportTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private Task<AuditLog> RowAsync(string requestId, string action) =>
        fixture.App.QueryAsync(db => db.AuditLogs.SingleAsync(a => a.RequestId == requestId && a.Action == action));

    private static async Task<string[]> CsvLinesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return text[..^2].Split("\r\n");
    }

    [Fact]
    public async Task ExportAuditLogs_FilteredByAction_AnswersCsvOfTheMatchingRowsAndAuditsTheExport()
    {
        await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var total = (await (await admin.GetAsync("/api/v1/audit-logs?action=CreateUser")).ReadJsonAsync()).GetProperty("totalCount").GetInt32();

        var response = await admin.GetAsync("/api/v1/audit-logs/export?action=CreateUser");

        var lines = await CsvLinesAsync(response);
        Assert.Equal("sequence,id,occurredAt,actorKind,actorId,action,targetType,targetId,outcome,reason,ipAddress,userAgent,requestId,previousHash,hash", lines[0]);
        Assert.True(total >= 1);
        Assert.Equal(total, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Equal("CreateUser", l.Split(',')[5]));
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Equal(1, await fixture.App.QueryAsync(db => db.AuditLogs.CountAsync(a =>
            a.RequestId == requestId && a.Action == "ExportAuditLogs" && a.Outcome == AuditOutcome.Success && a.TargetType == "AuditLogs" && a.TargetId == "action=CreateUser")));
    }

    [Fact]
    public async Task ExportAuthEvents_CellsStartingWithAFormulaCharacter_AreQuotedAndPrefixed()
    {
        using var attacker = fixture.App.CreateClient();
        attacker.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "=HYPERLINK(\"http://evil\"),1");
        await attacker.LoginResponseAsync(WhatsSuiteApp.AdminEmail, "Wrong-password-123");
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.GetAsync("/api/v1/auth-events/export?type=LoginFailed");

        var lines = await CsvLinesAsync(response);
        Assert.Equal("id,occurredAt,type,userId,email,performedBy,reason,ipAddress,userAgent", lines[0]);
        Assert.Contains(lines, l => l.EndsWith(",\"'=HYPERLINK(\"\"http://evil\"\"),1\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(",=HYPERLINK", StringComparison.Ordinal));
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Equal("type=LoginFailed", (await RowAsync(requestId, "ExportAuthEvents")).TargetId);
    }

    [Fact]
    public async Task ExportAuditLogs_AsSupervisor_Returns403AndIsAuditedAsDenied()
    {
        var supervisor = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        using var client = fixture.App.CreateClient().WithBearer(supervisor.Token);

        var response = await client.GetAsync("/api/v1/audit-logs/export");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Equal(AuditOutcome.Denied, (await RowAsync(requestId, "ExportAuditLogs")).Outcome);
    }

    [Fact]
    public async Task ExportAuthEvents_FilterMatchesMoreThanTheCap_Returns422()
    {
        var userId = Guid.NewGuid();
        await fixture.Database.ExecuteAsync(
            "INSERT INTO auth_events (id, occurred_at, type, user_id) SELECT gen_random_uuid(), now(), 'Logout', @u FROM generate_series(1, 100001)",
            ("u", userId));
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.GetAsync($"/api/v1/auth-events/export?userId={userId}");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "auth_events.export_too_large");
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Equal(AuditOutcome.Failed, (await RowAsync(requestId, "ExportAuthEvents")).Outcome);
    }
}
