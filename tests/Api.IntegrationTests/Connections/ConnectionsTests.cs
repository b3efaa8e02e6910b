using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Api.IntegrationTests.Connections;

public sealed class ConnectionsTests(ConnectionsFixture fixture) : IClassFixture<ConnectionsFixture>
{
    private HttpClient Admin() => fixture.App.CreateClient().WithBearer(fixture.AdminToken);

    private Task<Connection> StoredAsync(Guid id) => fixture.App.QueryAsync(db => db.Connections.SingleAsync(c => c.Id == id));

    private Task<int> ConnectionCountAsync() => fixture.App.QueryAsync(db => db.Connections.CountAsync());

    private Task<int> LinkedQueueCountAsync(Guid id) => fixture.App.QueryAsync(db => db.Connections.Where(c => c.Id == id).SelectMany(c => c.Queues).CountAsync());

    private Task<int> SuccessfulAuditCountAsync(string action, Guid id) =>
        fixture.App.QueryAsync(db => db.AuditLogs.CountAsync(a => a.Action == action && a.TargetId == id.ToString() && a.Outcome == AuditOutcome.Success));

    private static string NewPhoneNumberId() => Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static object CloudBody(string name, string phoneNumberId, string token, string secret) =>
        new { name, provider = "cloud_api", phoneNumberId, wabaId = "102290129340398", displayNumber = "+54 9 11 2345-6789", accessToken = token, appSecret = secret };

    private static async Task<JsonElement> CreateCloudAsync(HttpClient client, string? name = null, string? phoneNumberId = null, string token = "EAAG-token-1", string secret = "app-secret-1")
    {
        var response = await client.PostAsJsonAsync("/api/v1/connections", CloudBody(name ?? $"Ventas {Guid.NewGuid():N}", phoneNumberId ?? NewPhoneNumberId(), token, secret));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static async Task<Guid> CreateQueueAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/v1/queues", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static Dictionary<string, object?> UpdateBody(JsonElement connection, object? overrides = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = connection.GetProperty("name").GetString(),
            ["phoneNumberId"] = connection.GetProperty("phoneNumberId").GetString(),
            ["wabaId"] = connection.GetProperty("wabaId").GetString(),
            ["displayNumber"] = connection.GetProperty("displayNumber").GetString(),
            ["sendRateLimitPerSecond"] = connection.GetProperty("sendRateLimitPerSecond").GetInt32(),
            ["enabled"] = connection.GetProperty("status").GetString() != "disabled",
        };
        foreach (var property in overrides?.GetType().GetProperties() ?? [])
        {
            body[property.Name] = property.GetValue(overrides);
        }

        return body;
    }

    [Fact]
    public async Task Create_CloudApi_Returns201WithWebhookSettingsAndWithoutSecrets()
    {
        using var admin = Admin();
        var phoneNumberId = NewPhoneNumberId();
        const string token = "EAAG-secret-access-token-create";
        const string secret = "app-secret-value-create";

        var response = await admin.PostAsJsonAsync("/api/v1/connections", CloudBody($"Soporte {Guid.NewGuid():N}", phoneNumberId, token, secret));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        var body = JsonDocument.Parse(raw).RootElement;
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/connections/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("cloud_api", body.GetProperty("provider").GetString());
        Assert.Equal(phoneNumberId, body.GetProperty("phoneNumberId").GetString());
        Assert.Equal("5491123456789", body.GetProperty("displayNumber").GetString());
        Assert.Equal(80, body.GetProperty("sendRateLimitPerSecond").GetInt32());
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal($"/api/v1/webhooks/whatsapp/{id}", body.GetProperty("webhookPath").GetString());
        Assert.Equal(43, body.GetProperty("webhookVerifyToken").GetString()!.Length);
        Assert.True(body.GetProperty("hasAccessToken").GetBoolean());
        Assert.True(body.GetProperty("hasAppSecret").GetBoolean());
        Assert.False(body.TryGetProperty("accessToken", out _));
        Assert.False(body.TryGetProperty("appSecret", out _));
        Assert.Empty(body.GetProperty("queues").EnumerateArray());

        var read = await admin.GetStringAsync($"/api/v1/connections/{id}");
        var listed = await admin.GetStringAsync("/api/v1/connections?pageSize=100");
        foreach (var answer in new[] { read, listed })
        {
            Assert.DoesNotContain(token, answer, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, answer, StringComparison.Ordinal);
        }

        Assert.Equal(body.GetProperty("webhookVerifyToken").GetString(), JsonDocument.Parse(read).RootElement.GetProperty("webhookVerifyToken").GetString());
        Assert.Equal(1, await fixture.App.QueryAsync(db => db.AuditLogs.CountAsync(a =>
            a.Action == "CreateConnection" && a.TargetType == "connection" && a.TargetId == id.ToString() && a.Outcome == AuditOutcome.Success)));
        Assert.DoesNotContain(fixture.App.Logs, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_Secrets_AreStoredEncrypted()
    {
        using var admin = Admin();
        const string token = "EAAG-plaintext-token-stored";
        const string secret = "plaintext-app-secret-stored";
        var connection = await CreateCloudAsync(admin, token: token, secret: secret);
        var id = connection.GetProperty("id").GetGuid();
        var verifyToken = connection.GetProperty("webhookVerifyToken").GetString()!;

        var stored = await StoredAsync(id);
        var (storedToken, storedSecret, storedVerify) = (stored.AccessTokenProtected, stored.AppSecretProtected, stored.WebhookVerifyTokenProtected);

        Assert.StartsWith("enc:", storedToken, StringComparison.Ordinal);
        Assert.DoesNotContain(token, storedToken, StringComparison.Ordinal);
        Assert.StartsWith("enc:", storedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, storedSecret, StringComparison.Ordinal);
        Assert.StartsWith("enc:", storedVerify, StringComparison.Ordinal);
        Assert.DoesNotContain(verifyToken, storedVerify, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SandboxWithoutSecrets_GeneratesThem()
    {
        using var admin = Admin();

        var response = await admin.PostAsJsonAsync("/api/v1/connections", new { name = $"Pruebas {Guid.NewGuid():N}", provider = "sandbox", displayNumber = "15550100002", sendRateLimitPerSecond = 5 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("sandbox", body.GetProperty("provider").GetString());
        Assert.StartsWith("sandbox-", body.GetProperty("phoneNumberId").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, body.GetProperty("sendRateLimitPerSecond").GetInt32());
        Assert.True(body.GetProperty("hasAccessToken").GetBoolean());
        Assert.True(body.GetProperty("hasAppSecret").GetBoolean());
        Assert.StartsWith("enc:", (await StoredAsync(body.GetProperty("id").GetGuid())).AccessTokenProtected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"","provider":"sandbox","displayNumber":"15550100003"}""")]
    [InlineData("""{"name":"<b>x</b>","provider":"sandbox","displayNumber":"15550100003"}""")]
    [InlineData("""{"name":"line\nbreak","provider":"sandbox","displayNumber":"15550100003"}""")]
    [InlineData("""{"name":"ok","displayNumber":"15550100003"}""")]
    [InlineData("""{"name":"ok","provider":"sandbox","displayNumber":"not a number"}""")]
    [InlineData("""{"name":"ok","provider":"sandbox","displayNumber":"15550100003","sendRateLimitPerSecond":0}""")]
    [InlineData("""{"name":"ok","provider":"sandbox","displayNumber":"15550100003","sendRateLimitPerSecond":1001}""")]
    [InlineData("""{"name":"ok","provider":"sandbox","displayNumber":"15550100003","phoneNumberId":"../../me"}""")]
    [InlineData("""{"name":"ok","provider":"cloud_api","displayNumber":"15550100003","phoneNumberId":"123","appSecret":"s"}""")]
    [InlineData("""{"name":"ok","provider":"cloud_api","displayNumber":"15550100003","phoneNumberId":"123","accessToken":"t","appSecret":""}""")]
    [InlineData("""{"name":"ok","provider":"cloud_api","displayNumber":"15550100003","accessToken":"t","appSecret":"s"}""")]
    [InlineData("""{"name":"ok","provider":"cloud_api","displayNumber":"15550100003","phoneNumberId":"123","accessToken":"has space","appSecret":"s"}""")]
    public async Task Create_InvalidFields_Returns400AndStoresNothing(string body)
    {
        using var admin = Admin();
        var before = await ConnectionCountAsync();

        var response = await admin.PostAsync("/api/v1/connections", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(before, await ConnectionCountAsync());
    }

    [Theory]
    [InlineData("""{"name":"ok","provider":"whatsapp_web","displayNumber":"15550100003"}""")]
    [InlineData("""{"name":"ok","provider":2,"displayNumber":"15550100003"}""")]
    public async Task Create_UnknownProvider_Returns400(string body)
    {
        using var admin = Admin();

        var response = await admin.PostAsync("/api/v1/connections", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_DuplicateNameOrPhoneNumberId_Returns409_AndBothAreFreeAfterDelete()
    {
        using var admin = Admin();
        var name = $"Cobranzas {Guid.NewGuid():N}";
        var phoneNumberId = NewPhoneNumberId();
        var id = (await CreateCloudAsync(admin, name, phoneNumberId)).GetProperty("id").GetGuid();

        await (await admin.PostAsJsonAsync("/api/v1/connections", CloudBody(name.ToUpperInvariant(), NewPhoneNumberId(), "t", "s")))
            .AssertProblemAsync(HttpStatusCode.Conflict, "connections.name_taken");
        await (await admin.PostAsJsonAsync("/api/v1/connections", CloudBody($"Otro {Guid.NewGuid():N}", phoneNumberId, "t", "s")))
            .AssertProblemAsync(HttpStatusCode.Conflict, "connections.phone_number_id_taken");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/connections/{id}")).StatusCode);

        await CreateCloudAsync(admin, name, phoneNumberId);
    }

    [Fact]
    public async Task Delete_Connection_HidesItKeepsTheRowAndDropsItsQueueLinks()
    {
        using var admin = Admin();
        var id = (await CreateCloudAsync(admin)).GetProperty("id").GetGuid();
        var queueId = await CreateQueueAsync(admin, $"Postventa {Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/v1/connections/{id}/queues/{queueId}", null)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/connections/{id}")).StatusCode);

        await (await admin.GetAsync($"/api/v1/connections/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "connections.not_found");
        await (await admin.DeleteAsync($"/api/v1/connections/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "connections.not_found");
        Assert.DoesNotContain(id.ToString(), await admin.GetStringAsync("/api/v1/connections?pageSize=100"), StringComparison.Ordinal);
        Assert.NotNull((await StoredAsync(id)).DeletedAt);
        Assert.Equal(0, await LinkedQueueCountAsync(id));
        Assert.Empty((await (await admin.GetAsync($"/api/v1/queues/{queueId}")).ReadJsonAsync()).GetProperty("connections").EnumerateArray());
    }

    [Fact]
    public async Task Update_Fields_ReplacesThemAndKeepsOmittedSecrets()
    {
        using var admin = Admin();
        var connection = await CreateCloudAsync(admin);
        var id = connection.GetProperty("id").GetGuid();
        var before = await StoredAsync(id);
        var newName = $"Renombrada {Guid.NewGuid():N}";
        var newPhoneNumberId = NewPhoneNumberId();

        var response = await admin.PutAsJsonAsync($"/api/v1/connections/{id}", UpdateBody(connection, new
        {
            name = newName,
            phoneNumberId = newPhoneNumberId,
            wabaId = (string?)null,
            displayNumber = "+1 (555) 010-0009",
            sendRateLimitPerSecond = 250,
            appSecret = "rotated-app-secret",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("rotated-app-secret", raw, StringComparison.Ordinal);
        var body = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(newName, body.GetProperty("name").GetString());
        Assert.Equal(newPhoneNumberId, body.GetProperty("phoneNumberId").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("wabaId").ValueKind);
        Assert.Equal("15550100009", body.GetProperty("displayNumber").GetString());
        Assert.Equal(250, body.GetProperty("sendRateLimitPerSecond").GetInt32());
        Assert.Equal(connection.GetProperty("webhookVerifyToken").GetString(), body.GetProperty("webhookVerifyToken").GetString());
        var after = await StoredAsync(id);
        Assert.Equal(before.AccessTokenProtected, after.AccessTokenProtected);
        Assert.NotEqual(before.AppSecretProtected, after.AppSecretProtected);
        Assert.StartsWith("enc:", after.AppSecretProtected, StringComparison.Ordinal);
        Assert.Equal(1, await SuccessfulAuditCountAsync("UpdateConnection", id));
    }

    [Fact]
    public async Task Update_Enabled_DisablesAndEnablesTheConnection()
    {
        using var admin = Admin();
        var connection = await CreateCloudAsync(admin);
        var id = connection.GetProperty("id").GetGuid();

        var disabled = await (await admin.PutAsJsonAsync($"/api/v1/connections/{id}", UpdateBody(connection, new { enabled = false }))).ReadJsonAsync();
        Assert.Equal("disabled", disabled.GetProperty("status").GetString());
        var listed = await (await admin.GetAsync("/api/v1/connections?status=disabled&pageSize=100")).ReadJsonAsync();
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        var enabled = await (await admin.PutAsJsonAsync($"/api/v1/connections/{id}", UpdateBody(connection, new { enabled = true }))).ReadJsonAsync();
        Assert.Equal("active", enabled.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Update_NameOfAnotherConnection_Returns409AndChangesNothing()
    {
        using var admin = Admin();
        var first = await CreateCloudAsync(admin);
        var second = await CreateCloudAsync(admin);
        var id = second.GetProperty("id").GetGuid();

        await (await admin.PutAsJsonAsync($"/api/v1/connections/{id}", UpdateBody(second, new { name = first.GetProperty("name").GetString() })))
            .AssertProblemAsync(HttpStatusCode.Conflict, "connections.name_taken");
        await (await admin.PutAsJsonAsync($"/api/v1/connections/{id}", UpdateBody(second, new { phoneNumberId = first.GetProperty("phoneNumberId").GetString() })))
            .AssertProblemAsync(HttpStatusCode.Conflict, "connections.phone_number_id_taken");

        Assert.Equal(second.GetProperty("name").GetString(), (await (await admin.GetAsync($"/api/v1/connections/{id}")).ReadJsonAsync()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("sendRateLimitPerSecond", 0)]
    [InlineData("sendRateLimitPerSecond", null)]
    [InlineData("enabled", null)]
    [InlineData("accessToken", "")]
    public async Task Update_InvalidField_Returns400(string field, object? value)
    {
        using var admin = Admin();
        var connection = await CreateCloudAsync(admin);
        var body = UpdateBody(connection);
        body[field] = value;

        var response = await admin.PutAsJsonAsync($"/api/v1/connections/{connection.GetProperty("id").GetGuid()}", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task QueueLinks_LinkTwiceAndUnlink_ShowInTheConnectionAndTheQueue()
    {
        using var admin = Admin();
        var connection = await CreateCloudAsync(admin);
        var id = connection.GetProperty("id").GetGuid();
        var queueName = $"Ventas norte {Guid.NewGuid():N}";
        var queueId = await CreateQueueAsync(admin, queueName);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/v1/connections/{id}/queues/{queueId}", null)).StatusCode);
        var linked = await (await admin.PutAsync($"/api/v1/connections/{id}/queues/{queueId}", null)).ReadJsonAsync();

        var queue = Assert.Single(linked.GetProperty("queues").EnumerateArray());
        Assert.Equal(queueId, queue.GetProperty("id").GetGuid());
        Assert.Equal(queueName, queue.GetProperty("name").GetString());
        var queueDto = await (await admin.GetAsync($"/api/v1/queues/{queueId}")).ReadJsonAsync();
        var linkedConnection = Assert.Single(queueDto.GetProperty("connections").EnumerateArray());
        Assert.Equal(id, linkedConnection.GetProperty("id").GetGuid());
        Assert.Equal(connection.GetProperty("name").GetString(), linkedConnection.GetProperty("name").GetString());

        var unlinked = await admin.DeleteAsync($"/api/v1/connections/{id}/queues/{queueId}");
        Assert.Equal(HttpStatusCode.OK, unlinked.StatusCode);
        Assert.Empty((await unlinked.ReadJsonAsync()).GetProperty("queues").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/connections/{id}/queues/{queueId}")).StatusCode);
        Assert.Empty((await (await admin.GetAsync($"/api/v1/queues/{queueId}")).ReadJsonAsync()).GetProperty("connections").EnumerateArray());
    }

    [Fact]
    public async Task QueueLinks_UnknownOrDeletedQueue_Returns404()
    {
        using var admin = Admin();
        var id = (await CreateCloudAsync(admin)).GetProperty("id").GetGuid();
        var queueId = await CreateQueueAsync(admin, $"Borrada {Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/queues/{queueId}")).StatusCode);

        await (await admin.PutAsync($"/api/v1/connections/{id}/queues/{queueId}", null)).AssertProblemAsync(HttpStatusCode.NotFound, "queues.not_found");
        await (await admin.PutAsync($"/api/v1/connections/{id}/queues/{Guid.NewGuid()}", null)).AssertProblemAsync(HttpStatusCode.NotFound, "queues.not_found");
        await (await admin.PutAsync($"/api/v1/connections/{Guid.NewGuid()}/queues/{queueId}", null)).AssertProblemAsync(HttpStatusCode.NotFound, "connections.not_found");
        Assert.Equal(0, await LinkedQueueCountAsync(id));
    }

    [Fact]
    public async Task List_FiltersByProviderAndPages()
    {
        using var admin = Admin();
        var marker = Guid.NewGuid().ToString("N");
        await CreateCloudAsync(admin, $"a-{marker}");
        await CreateCloudAsync(admin, $"b-{marker}");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/connections", new { name = $"c-{marker}", provider = "sandbox", displayNumber = "15550100004" })).StatusCode);

        var cloud = await (await admin.GetAsync($"/api/v1/connections?search={marker}&provider=cloud_api&pageSize=1&page=2")).ReadJsonAsync();
        var sandbox = await (await admin.GetAsync($"/api/v1/connections?search={marker}&provider=sandbox")).ReadJsonAsync();

        Assert.Equal(2, cloud.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, cloud.GetProperty("totalPages").GetInt32());
        Assert.Equal($"b-{marker}", Assert.Single(cloud.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal($"c-{marker}", Assert.Single(sandbox.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("status=Active")]
    [InlineData("status=unknown")]
    [InlineData("provider=baileys")]
    [InlineData("pageSize=0")]
    public async Task List_InvalidFilter_Returns400(string query)
    {
        using var admin = Admin();

        await (await admin.GetAsync($"/api/v1/connections?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Connections_Agente_Gets403_AndSupervisorMayReadThem()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        var supervisor = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        using var agentClient = fixture.App.CreateClient().WithBearer(agent.Token);
        using var supervisorClient = fixture.App.CreateClient().WithBearer(supervisor.Token);
        var before = await ConnectionCountAsync();

        await (await agentClient.GetAsync("/api/v1/connections")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await agentClient.PostAsJsonAsync("/api/v1/connections", CloudBody("agent", NewPhoneNumberId(), "t", "s"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await ConnectionCountAsync());

        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var created = await CreateCloudAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await supervisorClient.GetAsync($"/api/v1/connections/{created.GetProperty("id").GetGuid()}")).StatusCode);
        await (await agentClient.GetAsync($"/api/v1/connections/{created.GetProperty("id").GetGuid()}")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Check_TokenAccepted_IsValidAndActiveWithTheNames()
    {
        using var admin = Admin();
        const string token = "EAAG-token-for-the-check";
        var connection = await CreateCloudAsync(admin, token: token);
        var id = connection.GetProperty("id").GetGuid();
        var phoneNumberId = connection.GetProperty("phoneNumberId").GetString();
        fixture.Graph.Enqueue(FakeGraphAnswer.Json(200, $$"""{"verified_name":"Acme Ventas","display_phone_number":"+54 9 11 2345-6789","id":"{{phoneNumberId}}"}"""));

        var response = await admin.PostAsync($"/api/v1/connections/{id}/check", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, raw, StringComparison.Ordinal);
        var body = JsonDocument.Parse(raw).RootElement;
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Equal("Acme Ventas", body.GetProperty("verifiedName").GetString());
        Assert.Equal("+54 9 11 2345-6789", body.GetProperty("displayPhoneNumber").GetString());
        Assert.Equal("active", body.GetProperty("status").GetString());
        var request = fixture.Graph.Requests.Last(r => r.Path == $"/v23.0/{phoneNumberId}");
        Assert.Equal("GET", request.Method);
        Assert.Equal($"Bearer {token}", request.Headers["Authorization"]);
        Assert.NotEqual(JsonValueKind.Null, (await (await admin.GetAsync($"/api/v1/connections/{id}")).ReadJsonAsync()).GetProperty("credentialsCheckedAt").ValueKind);
        Assert.Equal(1, await SuccessfulAuditCountAsync("CheckConnectionCredentials", id));
    }

    [Fact]
    public async Task Check_TokenRefused_MarksInvalidCredentials_AndANewTokenMakesItActive()
    {
        using var admin = Admin();
        var connection = await CreateCloudAsync(admin, token: "EAAG-expired-token");
        var id = connection.GetProperty("id").GetGuid();
        fixture.Graph.Enqueue(FakeGraphAnswer.GraphError(401, 190, "Error validating access token: Session has expired"));

        var refused = await (await admin.PostAsync($"/api/v1/connections/{id}/check", null)).ReadJsonAsync();

        Assert.False(refused.GetProperty("valid").GetBoolean());
        Assert.Equal("190", refused.GetProperty("errorCode").GetString());
        Assert.Equal("Error validating access token: Session has expired", refused.GetProperty("errorTitle").GetString());
        Assert.Equal("invalid_credentials", refused.GetProperty("status").GetString());
        var stored = await (await admin.GetAsync($"/api/v1/connections/{id}")).ReadJsonAsync();
        Assert.Equal("invalid_credentials", stored.GetProperty("status").GetString());
        Assert.Contains("190", stored.GetProperty("statusReason").GetString(), StringComparison.Ordinal);
        var invalid = await (await admin.GetAsync($"/api/v1/connections?status=invalid_credentials&pageSize=100")).ReadJsonAsync();
        Assert.Contains(invalid.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        var replaced = await (await admin.PutAsJsonAsync($"/api/v1/connections/{id}", UpdateBody(stored, new { accessToken = "EAAG-fresh-token" }))).ReadJsonAsync();
        Assert.Equal("active", replaced.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("statusReason").ValueKind);

        fixture.Graph.Enqueue(FakeGraphAnswer.Json(200, """{"verified_name":"Acme","display_phone_number":"+54 9 11 2345-6789"}"""));
        var accepted = await (await admin.PostAsync($"/api/v1/connections/{id}/check", null)).ReadJsonAsync();
        Assert.True(accepted.GetProperty("valid").GetBoolean());
        Assert.Equal("Bearer EAAG-fresh-token", fixture.Graph.Requests[^1].Headers["Authorization"]);
    }

    [Fact]
    public async Task Check_WhatsAppUnavailable_LeavesTheStatusAsItWas()
    {
        using var admin = Admin();
        var id = (await CreateCloudAsync(admin)).GetProperty("id").GetGuid();
        fixture.Graph.Enqueue(FakeGraphAnswer.Text(503, "Service Unavailable"));

        var result = await (await admin.PostAsync($"/api/v1/connections/{id}/check", null)).ReadJsonAsync();

        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal("http_503", result.GetProperty("errorCode").GetString());
        Assert.Equal("active", result.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, (await (await admin.GetAsync($"/api/v1/connections/{id}")).ReadJsonAsync()).GetProperty("credentialsCheckedAt").ValueKind);
    }

    [Fact]
    public async Task Check_UnknownConnection_Returns404()
    {
        using var admin = Admin();

        await (await admin.PostAsync($"/api/v1/connections/{Guid.NewGuid()}/check", null)).AssertProblemAsync(HttpStatusCode.NotFound, "connections.not_found");
    }
}
