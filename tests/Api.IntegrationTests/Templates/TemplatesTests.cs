using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Connections;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks.Payloads;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Api.IntegrationTests.Templates;

/// <summary>
/// Templates against a local Graph API: the paged sync, creation with local checks before anything reaches Meta,
/// Meta's refusals, status webhooks moving a template, and who may do what. On PostgreSQL.
/// </summary>
public sealed class TemplatesTests(ConnectionsFixture fixture) : IClassFixture<ConnectionsFixture>
{
    private const string WabaPath = "/v23.0/102290129340398/message_templates";

    private const string Greeting = """{"id":"9001","name":"greeting","language":"en_US","category":"UTILITY","status":"APPROVED","components":[{"type":"BODY","text":"Hi {{1}}","example":{"body_text":[["Ana"]]}}]}""";

    private static readonly string[][] TwoExamples = [["Ana", "A-17"]];

    private HttpClient Admin() => fixture.App.CreateClient().WithBearer(fixture.AdminToken);

    private static object ValidTemplate(Guid connectionId, string name) => new
    {
        connectionId,
        name,
        language = "es",
        category = "UTILITY",
        components = new object[]
        {
            new { type = "BODY", text = "Hola {{1}}, su pedido {{2}} está en camino.", example = new { body_text = TwoExamples } },
            new { type = "FOOTER", text = "Responda STOP para no recibir más" },
        },
    };

    private List<FakeGraphRequest> GraphRequestsSince(int before) => fixture.Graph.Requests.Skip(before).ToList();

    [Fact]
    public async Task Sync_TwoPages_StoresEveryTemplateAndMarksTheUnlistedDeleted()
    {
        var connectionId = await fixture.App.SeedConnectionAsync(ConnectionProvider.CloudApi);
        await fixture.App.SeedTemplateAsync(connectionId, "retired", "es");
        var before = fixture.Graph.Requests.Count;
        fixture.Graph.Enqueue(FakeGraphAnswer.Json(200, $$$"""{"data":[{{{Greeting}}},{"id":"9002","name":"promo","language":"es","category":"MARKETING","status":"REJECTED","rejected_reason":"INVALID_FORMAT","components":[{"type":"BODY","text":"Oferta"}]}],"paging":{"cursors":{"before":"B1","after":"CUR1"},"next":"https://graph.facebook.com/next"}}"""));
        fixture.Graph.Enqueue(FakeGraphAnswer.Json(200, """{"data":[{"id":"9003","name":"promo","language":"en_US","category":"MARKETING","status":"PAUSED","components":[{"type":"BODY","text":"Offer"}]}],"paging":{"cursors":{"before":"B2","after":"CUR2"}}}"""));
        using var admin = Admin();

        var response = await admin.PostAsJsonAsync("/api/v1/templates/sync", new { connectionId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadJsonAsync();
        Assert.Equal((3, 3, 0, 1), (result.GetProperty("listed").GetInt32(), result.GetProperty("added").GetInt32(), result.GetProperty("updated").GetInt32(), result.GetProperty("deleted").GetInt32()));
        var requests = GraphRequestsSince(before);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("GET", WabaPath, "Bearer access-token"), (r.Method, r.Path, r.Headers["Authorization"])));
        Assert.Contains("limit=100", requests[0].Query, StringComparison.Ordinal);
        Assert.DoesNotContain("after=", requests[0].Query, StringComparison.Ordinal);
        Assert.Contains("after=CUR1", requests[1].Query, StringComparison.Ordinal);

        var stored = await fixture.App.QueryAsync(db => db.MessageTemplates.AsNoTracking().Where(t => t.ConnectionId == connectionId).ToDictionaryAsync(t => $"{t.Name}/{t.Language}"));
        Assert.Equal((MessageTemplateStatus.Approved, "9001"), (stored["greeting/en_US"].Status, stored["greeting/en_US"].MetaTemplateId));
        Assert.Equal((MessageTemplateStatus.Rejected, "INVALID_FORMAT"), (stored["promo/es"].Status, stored["promo/es"].StatusReason));
        Assert.Equal(MessageTemplateStatus.Paused, stored["promo/en_US"].Status);
        Assert.Equal(MessageTemplateStatus.Deleted, stored["retired/es"].Status);

        var approved = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/templates?connectionId={connectionId}&status=approved");
        var greeting = Assert.Single(approved.GetProperty("items").EnumerateArray());
        Assert.Equal("greeting", greeting.GetProperty("name").GetString());
        Assert.Equal(["1"], greeting.GetProperty("variables").GetProperty("body").EnumerateArray().Select(v => v.GetString()).ToList());
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_logs WHERE action = 'SyncTemplates' AND target_id = @id AND outcome = 'Success'", ("id", connectionId.ToString())));
    }

    [Fact]
    public async Task Sync_WhatsAppRefusesOrIsDown_Returns422AndChangesNothing()
    {
        var connectionId = await fixture.App.SeedConnectionAsync(ConnectionProvider.CloudApi);
        await fixture.App.SeedTemplateAsync(connectionId, "kept", "es");
        using var admin = Admin();

        fixture.Graph.Enqueue(FakeGraphAnswer.GraphError(401, 190, "Error validating access token"));
        var refused = await admin.PostAsJsonAsync("/api/v1/templates/sync", new { connectionId });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "templates.refused_by_whatsapp");
        Assert.Contains("190", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A failure on the second page stores nothing of the first.
        fixture.Graph.Enqueue(FakeGraphAnswer.Json(200, $$$"""{"data":[{{{Greeting}}}],"paging":{"cursors":{"after":"CUR1"},"next":"https://graph.facebook.com/next"}}"""));
        fixture.Graph.Enqueue(FakeGraphAnswer.Json(503, "{}"));
        await (await admin.PostAsJsonAsync("/api/v1/templates/sync", new { connectionId })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "templates.whatsapp_unavailable");

        var names = await fixture.App.QueryAsync(db => db.MessageTemplates.Where(t => t.ConnectionId == connectionId).Select(t => t.Name + "/" + t.Status).ToListAsync());
        Assert.Equal(["kept/APPROVED"], names);
    }

    [Fact]
    public async Task Create_BrokenDefinition_Returns400AndNothingReachesWhatsApp()
    {
        var connectionId = await fixture.App.SeedConnectionAsync(ConnectionProvider.CloudApi);
        var before = fixture.Graph.Requests.Count;
        using var admin = Admin();

        var gap = await admin.PostAsJsonAsync("/api/v1/templates", new
        {
            connectionId,
            name = "pedido",
            language = "es",
            category = "UTILITY",
            components = new[] { new { type = "BODY", text = "Hola {{1}}, pedido {{3}}", example = new { body_text = TwoExamples } } },
        });
        var problem = await gap.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("without gaps", problem.GetRawText(), StringComparison.Ordinal);
        await (await admin.PostAsJsonAsync("/api/v1/templates", new { connectionId, name = "Bad Name", language = "es", category = "UTILITY", components = new[] { new { type = "BODY", text = "Hola" } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await admin.PostAsJsonAsync("/api/v1/templates", new { connectionId, name = "ok", language = "es", category = "PROMO", components = new[] { new { type = "BODY", text = "Hola" } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await admin.PostAsJsonAsync("/api/v1/templates", new { connectionId, name = "ok", language = "es", category = "UTILITY" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Empty(GraphRequestsSince(before));
        Assert.False(await fixture.App.QueryAsync(db => db.MessageTemplates.AnyAsync(t => t.ConnectionId == connectionId)));
    }

    [Fact]
    public async Task Create_Valid_SubmitsToWhatsAppStoresPendingAndAStatusWebhookApprovesIt()
    {
        var connectionId = await fixture.App.SeedConnectionAsync(ConnectionProvider.CloudApi);
        var before = fixture.Graph.Requests.Count;
        var metaId = $"{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}";
        fixture.Graph.Enqueue(FakeGraphAnswer.Json(200, $$"""{"id":"{{metaId}}","status":"PENDING","category":"UTILITY"}"""));
        using var admin = Admin();

        var response = await admin.PostAsJsonAsync("/api/v1/templates", ValidTemplate(connectionId, "pedido_en_camino"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/templates/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("PENDING", metaId), (created.GetProperty("status").GetString(), created.GetProperty("metaTemplateId").GetString()));
        var submitted = Assert.Single(GraphRequestsSince(before));
        Assert.Equal(("POST", WabaPath), (submitted.Method, submitted.Path));
        var body = JsonDocument.Parse(submitted.Body).RootElement;
        Assert.Equal(("pedido_en_camino", "es", "UTILITY"), (body.GetProperty("name").GetString(), body.GetProperty("language").GetString(), body.GetProperty("category").GetString()));
        Assert.Equal("Hola {{1}}, su pedido {{2}} está en camino.", body.GetProperty("components")[0].GetProperty("text").GetString());

        // The same name and language again is 409 before WhatsApp is asked.
        await (await admin.PostAsJsonAsync("/api/v1/templates", ValidTemplate(connectionId, "pedido_en_camino"))).AssertProblemAsync(HttpStatusCode.Conflict, "templates.already_exists");
        Assert.Single(GraphRequestsSince(before));

        // Meta approves it: the status webhook names it by id.
        var approved = MetaShapes.FieldChange(
            "message_template_status_update",
            $$"""{"event":"APPROVED","message_template_id":{{metaId}},"message_template_name":"pedido_en_camino","message_template_language":"es","reason":"NONE"}""");
        using var anonymous = fixture.App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostWebhookAsync(connectionId, MetaShapes.Delivery([approved], time: DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds()))).StatusCode);
        await fixture.App.WaitForInboxDrainedAsync();

        var shown = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/templates/{id}");
        Assert.Equal("APPROVED", shown.GetProperty("status").GetString());
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_logs WHERE action = 'CreateTemplate' AND target_id = @id AND outcome = 'Success'", ("id", id.ToString())));
    }

    [Fact]
    public async Task Create_RefusedByWhatsApp_Returns422WithItsCodeAndStoresNothing()
    {
        var connectionId = await fixture.App.SeedConnectionAsync(ConnectionProvider.CloudApi);
        fixture.Graph.Enqueue(FakeGraphAnswer.GraphError(400, 100, "Invalid parameter", "Template name already exists in this language"));
        using var admin = Admin();

        var response = await admin.PostAsJsonAsync("/api/v1/templates", ValidTemplate(connectionId, "duplicada"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "templates.refused_by_whatsapp");
        Assert.Contains("code 100", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await fixture.App.QueryAsync(db => db.MessageTemplates.AnyAsync(t => t.ConnectionId == connectionId)));
    }

    [Fact]
    public async Task Templates_AnAgentMayListAndReadButNotCreateOrSync()
    {
        var connectionId = await fixture.App.SeedConnectionAsync(ConnectionProvider.CloudApi);
        var template = await fixture.App.SeedTemplateAsync(connectionId, "aviso", "es");
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var before = fixture.Graph.Requests.Count;
        using var client = fixture.App.CreateClient().WithBearer(agent.Token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/templates?connectionId={connectionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/templates/{template.Id}")).StatusCode);
        await (await client.PostAsJsonAsync("/api/v1/templates", ValidTemplate(connectionId, "agente"))).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        await (await client.PostAsJsonAsync("/api/v1/templates/sync", new { connectionId })).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        await (await client.GetAsync($"/api/v1/templates/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "templates.not_found");

        Assert.Empty(GraphRequestsSince(before));
    }
}
