using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Connections;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Infrastructure.Jobs;

namespace WhatsSuite.Api.IntegrationTests.Campaigns;

/// <summary>
/// Running a campaign over HTTP against a local Graph API: schedule, pause and resume with their 409s and 422s, and the
/// Hangfire dispatcher sending each recipient once through the outbox, its ledger rows following WhatsApp's answers.
/// </summary>
public sealed class CampaignRunTests : IClassFixture<ConnectionsFixture>
{
    private readonly ConnectionsFixture _fixture;

    public CampaignRunTests(ConnectionsFixture fixture)
    {
        _fixture = fixture;
        _fixture.Graph.Responder = FakeGraphApi.LikeGraph;
    }

    private HttpClient Admin() => _fixture.App.CreateClient().WithBearer(_fixture.AdminToken);

    private async Task<Guid> DraftAsync(HttpClient client, int recipients)
    {
        var connectionId = await _fixture.App.SeedConnectionAsync(ConnectionProvider.CloudApi);
        var name = $"notice_{Guid.NewGuid():N}"[..20];
        await _fixture.App.SeedTemplateAsync(connectionId, name, "es", bodyVariables: 1);
        var created = await client.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Outage notice",
            connectionIds = new[] { connectionId },
            template = new { name, language = "es", variables = new Dictionary<string, string> { ["body.1"] = "contact.name" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        if (recipients > 0)
        {
            var numbers = Enumerable.Range(0, recipients).Select(_ => $"+549{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}").ToArray();
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/campaigns/{id}/audience", new { numbers })).StatusCode);
        }

        return id;
    }

    [Fact]
    public async Task Lifecycle_ScheduleTwicePauseResumeAndEmptyAudience_AnswerTheirStatusOr409And422()
    {
        using var admin = Admin();
        var empty = await DraftAsync(admin, 0);
        await (await admin.PostAsync($"/api/v1/campaigns/{empty}/schedule", null)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "campaigns.audience_empty");

        var campaign = await DraftAsync(admin, 2);
        var scheduled = await admin.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null);
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal("scheduled", (await scheduled.ReadJsonAsync()).GetProperty("status").GetString());
        await (await admin.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null)).AssertProblemAsync(HttpStatusCode.Conflict, "campaigns.invalid_transition");
        await (await admin.PostAsync($"/api/v1/campaigns/{campaign}/resume", null)).AssertProblemAsync(HttpStatusCode.Conflict, "campaigns.invalid_transition");

        var paused = await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/pause", new { reason = "legal review" });
        Assert.Equal(("paused", "legal review"), await StatusAsync(paused));
        var resumed = await admin.PostAsync($"/api/v1/campaigns/{campaign}/resume", null);
        Assert.Equal(("scheduled", (string?)null), await StatusAsync(resumed));

        var agent = await _fixture.App.CreateSignedInUserAsync(_fixture.AdminToken, "AGENTE");
        using var agentClient = _fixture.App.CreateClient().WithBearer(agent.Token);
        await (await agentClient.PostAsync($"/api/v1/campaigns/{campaign}/pause", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(CampaignStatus.Scheduled, await _fixture.App.QueryAsync(db => db.Campaigns.Where(c => c.Id == campaign).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task Dispatcher_ScheduledCampaign_SendsEachRecipientOnceThroughGraphAndCompletes()
    {
        using var admin = Admin();
        var campaign = await DraftAsync(admin, 3);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null)).StatusCode);
        var before = _fixture.Graph.Requests.Count;

        await using (var scope = _fixture.App.Services.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<CampaignDispatchJob>();
            await job.RunAsync(CancellationToken.None);
            await job.DispatchAsync(campaign, "Outage notice", CancellationToken.None);
        }

        await Eventually.TrueAsync(
            async () => await _fixture.App.QueryAsync(db => db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign && r.Status == CampaignRecipientStatus.Sent)) == 3,
            "every recipient accepted by WhatsApp and its ledger row sent");
        var sends = _fixture.Graph.Requests.Skip(before).Where(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, sends.Count);
        Assert.All(sends, s => Assert.Contains("\"type\":\"template\"", s.Body, StringComparison.Ordinal));
        Assert.Equal(3, sends.Select(s => s.Body).Distinct().Count());

        await using (var scope = _fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CampaignDispatchJob>().DispatchAsync(campaign, "Outage notice", CancellationToken.None);
        }

        using var read = Admin();
        Assert.Equal("completed", (await read.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/campaigns/{campaign}")).GetProperty("status").GetString());
        Assert.Equal(1L, await _fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_logs WHERE action = 'StartDueCampaigns' AND actor_id = 'job:campaign-dispatch' AND target_id = @id", ("id", campaign.ToString())));
    }

    [Fact]
    public async Task Dispatcher_ImageHeaderUrlAndQuickReplyButtons_ReachGraphInMetasSendFormat()
    {
        using var admin = Admin();
        var connectionId = await _fixture.App.SeedConnectionAsync(ConnectionProvider.CloudApi);
        var name = $"offer_{Guid.NewGuid():N}"[..20];
        await _fixture.App.SeedTemplateAsync(connectionId, name, "es", components: """
            [{"type":"HEADER","format":"IMAGE","example":{"header_handle":["h"]}},{"type":"BODY","text":"Hola {{1}}","example":{"body_text":[["Ana"]]}},
             {"type":"BUTTONS","buttons":[{"type":"URL","text":"Ver","url":"https://shop.example/o/{{1}}","example":["https://shop.example/o/A1"]},{"type":"QUICK_REPLY","text":"Baja"}]}]
            """);
        var refused = await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Offer",
            connectionIds = new[] { connectionId },
            template = new { name, language = "es", variables = new Dictionary<string, string> { ["header.1"] = "text:http://cdn.example/offer.jpg", ["body.1"] = "contact.name", ["button.0"] = "text:A1" } },
        });
        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "campaigns.template_unusable");
        var created = await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Offer",
            connectionIds = new[] { connectionId },
            template = new { name, language = "es", variables = new Dictionary<string, string> { ["header.1"] = "text:https://cdn.example/offer.jpg", ["body.1"] = "text:Ana", ["button.0"] = "text:A1", ["button.1"] = "text:unsubscribe" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var campaign = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var number = $"549{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}";
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/campaigns/{campaign}/audience", new { numbers = new[] { $"+{number}" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null)).StatusCode);

        await using (var scope = _fixture.App.Services.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<CampaignDispatchJob>();
            await job.RunAsync(CancellationToken.None);
            await job.DispatchAsync(campaign, "Offer", CancellationToken.None);
        }

        await Eventually.TrueAsync(
            async () => await _fixture.App.QueryAsync(db => db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign && r.Status == CampaignRecipientStatus.Sent)) == 1,
            "the recipient accepted by WhatsApp");
        var send = Assert.Single(_fixture.Graph.Requests, r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal) && r.Body.Contains(number, StringComparison.Ordinal));
        var template = System.Text.Json.Nodes.JsonNode.Parse(send.Body)!["template"];
        var expected = System.Text.Json.Nodes.JsonNode.Parse($$$"""
            {"name":"{{{name}}}","language":{"code":"es"},"components":[
              {"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example/offer.jpg"}}]},
              {"type":"body","parameters":[{"type":"text","text":"Ana"}]},
              {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A1"}]},
              {"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"payload","payload":"unsubscribe"}]}]}
            """);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, template), send.Body);
    }

    private static async Task<(string? Status, string? Reason)> StatusAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return (body.GetProperty("status").GetString(), body.GetProperty("statusReason").GetString());
    }
}
