using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.Infrastructure.HttpEdge;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Dashboards;

/// <summary>The dashboards' HTTP contract: JSON views, CSV exports, the printable report, refusals.</summary>
public sealed class DashboardEndpointsTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    [Fact]
    public async Task Dashboard_AgentOrBadInput_AnswersProblemAndReadsNothing()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var asAgent = fixture.App.CreateClient().WithBearer(agent.Token);
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        await (await asAgent.GetAsync("/api/v1/dashboard/overview")).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        var zone = await (await admin.GetAsync("/api/v1/dashboard/overview?tz=Not/AZone")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(zone.GetProperty("errors").TryGetProperty("tz", out _));
        var range = await (await admin.GetAsync("/api/v1/dashboard/daily?from=2025-01-01&to=2026-06-01")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(range.GetProperty("errors").TryGetProperty("from", out _));
        await (await admin.GetAsync("/api/v1/dashboard/drilldown?level=weekday")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await admin.GetAsync("/api/v1/dashboard/export?view=secrets")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await admin.GetAsync($"/api/v1/dashboard/queues?queueId={Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "dashboards.queue_not_found");
    }

    [Fact]
    public async Task Overview_AsAdmin_AnswersThePeriodInTheTimeZone()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var body = await (await admin.GetAsync("/api/v1/dashboard/overview?from=2026-03-28&to=2026-03-29&tz=Europe/Madrid")).ReadJsonAsync();

        Assert.Equal("2026-03-28", body.GetProperty("from").GetString());
        Assert.Equal("Europe/Madrid", body.GetProperty("timeZone").GetString());
        Assert.Equal(2, body.GetProperty("days").GetInt32());
        Assert.True(body.GetProperty("messages").TryGetProperty("total", out _));
        Assert.True(body.GetProperty("live").TryGetProperty("waitingNow", out _));
    }

    [Fact]
    public async Task Export_EachView_IsCsvAndAudited()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        foreach (var (query, header) in new[]
        {
            ("view=overview", "from,to,timeZone,days,messages"),
            ("view=daily", "date,messages,inbound"),
            ("view=queues", "queueId,queue,firstResponseTargetSeconds"),
            ("view=agents", "agentId,agent,messagesSent"),
            ("view=drilldown&level=hour", "key,label,value"),
        })
        {
            var response = await admin.GetAsync($"/api/v1/dashboard/export?{query}&from=2026-11-01&to=2026-11-07&tz=America/Mexico_City");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
            Assert.StartsWith(header, text, StringComparison.Ordinal);
            var requestId = response.Headers.GetValues("X-Request-Id").Single();
            var audit = await fixture.App.QueryAsync(db => db.AuditLogs.SingleAsync(a => a.RequestId == requestId && a.Action == "ExportDashboard"));
            Assert.Equal(AuditOutcome.Success, audit.Outcome);
            Assert.StartsWith("view=", audit.TargetId, StringComparison.Ordinal);
        }

        var hours = Encoding.UTF8.GetString(await (await admin.GetAsync("/api/v1/dashboard/export?view=drilldown&level=hour")).Content.ReadAsByteArrayAsync());
        Assert.Equal(25, hours.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Report_QueueNameWithMarkupCharacters_IsEncodedAndServedUnderTheApiPolicy()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var created = await admin.PostAsJsonAsync("/api/v1/queues", new { name = $"Ventas & \"Norte\" {Guid.NewGuid():N}"[..36] });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var queueId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        var response = await admin.GetAsync($"/api/v1/dashboard/report?queueId={queueId}&tz=Europe/Madrid");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SecurityHeadersMiddleware.ApiPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Ventas &amp; &quot;Norte&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ventas & ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style", html, StringComparison.OrdinalIgnoreCase);
    }
}
