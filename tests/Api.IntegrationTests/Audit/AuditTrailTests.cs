using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Audit;

public sealed class AuditTrailTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private Task<List<AuditLog>> RowsForAsync(HttpResponseMessage response)
    {
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        return fixture.App.QueryAsync(db => db.AuditLogs.Where(a => a.RequestId == requestId).ToListAsync());
    }

    private async Task<(int Count, AuditOutcome Outcome, string? Reason, string? Action, string? ActorId, string? TargetId)> RowForAsync(HttpResponseMessage response)
    {
        var rows = await RowsForAsync(response);
        var row = rows.FirstOrDefault();
        return (rows.Count, row?.Outcome ?? default, row?.Reason, row?.Action, row?.ActorId, row?.TargetId);
    }

    private Task<int> UserCountAsync() => fixture.App.QueryAsync(db => db.Users.CountAsync());

    [Fact]
    public async Task SuccessfulCommand_WritesOneSuccessRowWithActorTargetAndRequestFacts()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        admin.DefaultRequestHeaders.UserAgent.ParseAdd("audit-test/1.0");
        admin.DefaultRequestHeaders.Add("X-Request-Id", $"req-{Guid.NewGuid():N}");

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email = $"a-{Guid.NewGuid():N}@example.test", fullName = "Audited", role = "AGENTE", password = "Temporary-password-1" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        var row = await RowForAsync(response);
        Assert.Equal(1, row.Count);
        Assert.Equal(AuditOutcome.Success, row.Outcome);
        Assert.Equal("CreateUser", row.Action);
        Assert.Equal(id.ToString(), row.TargetId);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.StartsWith("req-", requestId, StringComparison.Ordinal);
        var stored = Assert.Single(await RowsForAsync(response));
        Assert.Equal("audit-test/1.0", stored.UserAgent);
        Assert.False(string.IsNullOrEmpty(stored.IpAddress));
    }

    [Fact]
    public async Task DeniedCommand_WritesOneDeniedRowAndChangesNothing()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var client = fixture.App.CreateClient().WithBearer(agent.Token);
        var before = await UserCountAsync();

        var response = await client.PostAsJsonAsync("/api/v1/users", new { email = $"esc-{Guid.NewGuid():N}@example.test", fullName = "Escalation", role = "ADMIN", password = "Temporary-password-1" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        var row = await RowForAsync(response);
        Assert.Equal((1, AuditOutcome.Denied, "auth.forbidden", "CreateUser", agent.Id.ToString()), (row.Count, row.Outcome, row.Reason, row.Action, row.ActorId));
        Assert.Equal(before, await UserCountAsync());
    }

    [Fact]
    public async Task DeniedQuery_IsAuditedToo()
    {
        var supervisor = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        using var client = fixture.App.CreateClient().WithBearer(supervisor.Token);

        var response = await client.GetAsync("/api/v1/audit-logs");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        var row = await RowForAsync(response);
        Assert.Equal((1, AuditOutcome.Denied, "ListAuditLogs"), (row.Count, row.Outcome, row.Action));
    }

    [Fact]
    public async Task InvalidCommand_WritesOneInvalidRow()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email = "nope", fullName = "X", role = "AGENTE", password = "Temporary-password-1" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var row = await RowForAsync(response);
        Assert.Equal((1, AuditOutcome.Invalid, "validation_failed"), (row.Count, row.Outcome, row.Reason));
    }

    [Fact]
    public async Task FailedCommand_WritesOneFailedRowWithTheErrorCode()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var missing = Guid.NewGuid();

        var response = await admin.PostAsync($"/api/v1/users/{missing}/force-logout", null);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        var row = await RowForAsync(response);
        Assert.Equal((1, AuditOutcome.Failed, "users.not_found", missing.ToString()), (row.Count, row.Outcome, row.Reason, row.TargetId));
    }

    [Fact]
    public async Task FailedLogin_KeepsItsAuditRowAndAuthEventDespiteTheRollback()
    {
        using var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("login-test/2.0");

        var response = await client.LoginResponseAsync(WhatsSuiteApp.AdminEmail, "Wrong-password-123");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var row = await RowForAsync(response);
        Assert.Equal((1, AuditOutcome.Failed, "auth.invalid_credentials", "Login", "anonymous"), (row.Count, row.Outcome, row.Reason, row.Action, row.ActorId));

        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var events = await (await admin.GetAsync("/api/v1/auth-events?type=LoginFailed&pageSize=100")).ReadJsonAsync();
        Assert.Contains(events.GetProperty("items").EnumerateArray(), e =>
            e.GetProperty("reason").GetString() == "wrong_password"
            && e.GetProperty("userAgent").GetString() == "login-test/2.0"
            && e.GetProperty("email").GetString() == WhatsSuiteApp.AdminEmail);
    }

    [Fact]
    public async Task AuthEvents_RecordLoginLogoutForcedLogoutAndPasswordChange()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var client = fixture.App.CreateClient().WithBearer(agent.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{agent.Id}/force-logout", null)).StatusCode);

        var events = await (await admin.GetAsync($"/api/v1/auth-events?userId={agent.Id}&pageSize=100")).ReadJsonAsync();

        var types = events.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("LoginSucceeded", types);
        Assert.Contains("PasswordChanged", types);
        Assert.Contains("Logout", types);
        Assert.Contains("ForcedLogout", types);
        var forced = events.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "ForcedLogout");
        var adminId = (await (await admin.GetAsync("/api/v1/auth/me")).ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(adminId, forced.GetProperty("performedBy").GetGuid());
    }

    [Fact]
    public async Task AuditLogs_FilterByActorActionAndTime()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var agentClient = fixture.App.CreateClient().WithBearer(agent.Token);
        await agentClient.GetAsync("/api/v1/users");
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToOffset(TimeSpan.FromHours(-3)).ToString("O"));

        var byActor = await (await admin.GetAsync($"/api/v1/audit-logs?actorId={agent.Id}&action=ListUsers&from={from}")).ReadJsonAsync();
        var future = await (await admin.GetAsync($"/api/v1/audit-logs?actorId={agent.Id}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}")).ReadJsonAsync();

        var items = byActor.GetProperty("items").EnumerateArray().ToList();
        Assert.Single(items);
        Assert.Equal("Denied", items[0].GetProperty("outcome").GetString());
        Assert.Equal(0, future.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task AuditLogs_FromAfterTo_Returns400()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.GetAsync("/api/v1/audit-logs?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task InvalidCommand_WithControlCharactersInTheAuditedFilter_IsStillAuditedAndAnswers400()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.GetAsync("/api/v1/audit-logs/export?actorId=evil%00actor");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var row = await RowForAsync(response);
        Assert.Equal((1, AuditOutcome.Invalid), (row.Count, row.Outcome));
        Assert.Equal("actorId=evil\uFFFDactor", row.TargetId);
    }
}
