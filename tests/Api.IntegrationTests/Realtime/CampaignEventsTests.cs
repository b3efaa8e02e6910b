using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Connections;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Infrastructure.Jobs;

namespace WhatsSuite.Api.IntegrationTests.Realtime;

/// <summary>
/// Campaigns on the desk hub: <c>campaign.status</c> on every lifecycle move and <c>campaign.progress</c> every second
/// while a campaign runs, for admins and supervisors only, with the figures of <c>GET /campaigns/{id}/progress</c>.
/// </summary>
public sealed class CampaignEventsTests : IClassFixture<ConnectionsFixture>
{
    private readonly ConnectionsFixture _fixture;

    public CampaignEventsTests(ConnectionsFixture fixture)
    {
        _fixture = fixture;
        _fixture.Graph.Responder = FakeGraphApi.LikeGraph;
    }

    /// <summary>A draft with <paramref name="recipients"/> numbers on a new connection.</summary>
    internal static async Task<Guid> DraftAsync(WhatsSuiteApp app, HttpClient client, int recipients, object? schedule = null)
    {
        var connectionId = await app.SeedConnectionAsync(ConnectionProvider.CloudApi);
        var name = $"notice_{Guid.NewGuid():N}"[..20];
        await app.SeedTemplateAsync(connectionId, name, "es", bodyVariables: 1);
        var created = await client.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Outage notice",
            connectionIds = new[] { connectionId },
            template = new { name, language = "es", variables = new Dictionary<string, string> { ["body.1"] = "contact.name" } },
            schedule,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var numbers = Enumerable.Range(0, recipients).Select(_ => $"+549{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}").ToArray();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/campaigns/{id}/audience", new { numbers })).StatusCode);
        return id;
    }

    internal static Func<JsonElement, bool> CampaignEvent(string type, Guid campaign, string? status = null) => e =>
        e.GetProperty("type").GetString() == type
        && e.GetProperty("data").GetProperty("campaignId").GetGuid() == campaign
        && (status is null || e.GetProperty("data").GetProperty("status").GetString() == status);

    [Fact]
    public async Task CampaignEvents_ScheduledStartedAndCompleted_AdminsAndSupervisorsHearStatusAndProgress_AgentsDoNot()
    {
        var supervisor = await _fixture.App.CreateSignedInUserAsync(_fixture.AdminToken, "SUPERVISOR");
        var agent = await _fixture.App.CreateSignedInUserAsync(_fixture.AdminToken, "AGENTE");
        await using var adminDesk = await DeskClient.ConnectAsync(_fixture.App, _fixture.AdminToken);
        await using var supervisorDesk = await DeskClient.ConnectAsync(_fixture.App, supervisor.Token);
        await using var agentDesk = await DeskClient.ConnectAsync(_fixture.App, agent.Token);
        var supervisorCursor = (await supervisorDesk.ResumeAsync(null)).GetProperty("cursor").GetInt64();
        var agentCursor = (await agentDesk.ResumeAsync(null)).GetProperty("cursor").GetInt64();
        using var admin = _fixture.App.CreateClient().WithBearer(_fixture.AdminToken);
        var campaign = await DraftAsync(_fixture.App, admin, 3);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null)).StatusCode);
        var scheduled = (await supervisorDesk.NextAsync(CampaignEvent("campaign.status", campaign, "scheduled"))).GetProperty("data");
        Assert.Equal(("draft", "Outage notice", "user"), (scheduled.GetProperty("previousStatus").GetString(), scheduled.GetProperty("name").GetString(), scheduled.GetProperty("changedBy").GetProperty("kind").GetString()));
        await adminDesk.NextAsync(CampaignEvent("campaign.status", campaign, "scheduled"));

        await using (var scope = _fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CampaignDispatchJob>().RunAsync(CancellationToken.None);
        }

        var running = (await supervisorDesk.NextAsync(CampaignEvent("campaign.status", campaign, "running"))).GetProperty("data");
        Assert.Equal(("scheduled", "job:campaign-dispatch"), (running.GetProperty("previousStatus").GetString(), running.GetProperty("changedBy").GetProperty("name").GetString()));

        // The start also enqueued the campaign's dispatch job, which may already be sending: the figures move, so the
        // event is checked for the whole ledger and its shape, and the REST answer for the end result.
        var progress = await supervisorDesk.NextAsync(CampaignEvent("campaign.progress", campaign, "running"), TimeSpan.FromSeconds(30));
        Assert.Equal(JsonValueKind.Null, progress.GetProperty("cursor").ValueKind);
        Assert.Equal(3, progress.GetProperty("data").GetProperty("total").GetInt32());
        Assert.Equal(3, progress.GetProperty("data").GetProperty("byStatus").EnumerateObject().Sum(s => s.Value.GetInt32()));
        Assert.True(progress.GetProperty("data").GetProperty("estimatedFinishAt").ValueKind is JsonValueKind.String or JsonValueKind.Null);
        await adminDesk.NextAsync(CampaignEvent("campaign.progress", campaign), TimeSpan.FromSeconds(30));

        // Batches until the ledger has nothing left to send (the last batch completes the campaign).
        await Eventually.TrueAsync(
            async () =>
            {
                await using (var scope = _fixture.App.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<CampaignDispatchJob>().DispatchAsync(campaign, "Outage notice", CancellationToken.None);
                }

                return await _fixture.App.QueryAsync(db => db.Campaigns.AnyAsync(c => c.Id == campaign && c.Status == CampaignStatus.Completed));
            },
            "the campaign completes",
            TimeSpan.FromSeconds(60));

        await supervisorDesk.NextAsync(CampaignEvent("campaign.status", campaign, "completed"), TimeSpan.FromSeconds(30));
        await adminDesk.NextAsync(CampaignEvent("campaign.status", campaign, "completed"), TimeSpan.FromSeconds(30));
        var rest = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/progress");
        Assert.Equal((3, 0), (rest.GetProperty("byStatus").GetProperty("sent").GetInt32(), rest.GetProperty("remaining").GetInt32()));

        // A resuming supervisor gets the lifecycle moves again; a resuming agent never does.
        Assert.Contains(
            (await supervisorDesk.ResumeAsync(supervisorCursor)).GetProperty("events").EnumerateArray(),
            e => CampaignEvent("campaign.status", campaign, "completed")(e));
        Assert.DoesNotContain(
            (await agentDesk.ResumeAsync(agentCursor)).GetProperty("events").EnumerateArray(),
            e => e.GetProperty("type").GetString()!.StartsWith("campaign.", StringComparison.Ordinal));
        Assert.DoesNotContain(agentDesk.Received.ToList(), e => e.GetProperty("type").GetString()!.StartsWith("campaign.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CampaignProgress_PausedCampaign_StopsWithItsStatusEvent()
    {
        await using var adminDesk = await DeskClient.ConnectAsync(_fixture.App, _fixture.AdminToken);
        using var admin = _fixture.App.CreateClient().WithBearer(_fixture.AdminToken);
        var campaign = await DraftAsync(_fixture.App, admin, 2, OutsideAllowedHours());
        await _fixture.App.QueryAsync(db => db.Campaigns.Where(c => c.Id == campaign)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Running).SetProperty(c => c.StartedAt, DateTimeOffset.UtcNow)));
        await adminDesk.NextAsync(CampaignEvent("campaign.progress", campaign, "running"), TimeSpan.FromSeconds(30));

        var paused = await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/pause", new { reason = "legal review" });
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        var status = (await adminDesk.NextAsync(CampaignEvent("campaign.status", campaign, "paused"))).GetProperty("data");
        Assert.Equal(("running", "legal review"), (status.GetProperty("previousStatus").GetString(), status.GetProperty("reason").GetString()));

        // Whatever was on its way is out within a second or two; then nothing more comes for the paused campaign.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var before = adminDesk.Received.ToList().Count(e => CampaignEvent("campaign.progress", campaign)(e));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(before, adminDesk.Received.ToList().Count(e => CampaignEvent("campaign.progress", campaign)(e)));
    }

    /// <summary>Allowed hours that exclude the next hour: a running campaign sends nothing (the recurring dispatcher leaves it alone).</summary>
    internal static object OutsideAllowedHours()
    {
        var now = DateTimeOffset.UtcNow;
        return new { timeZone = "UTC", allowedFrom = $"{now.AddHours(2).Hour:00}:00", allowedUntil = $"{now.AddHours(3).Hour:00}:00" };
    }
}
