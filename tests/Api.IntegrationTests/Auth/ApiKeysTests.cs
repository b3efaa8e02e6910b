using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Auth;

public sealed class ApiKeysTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private static readonly string[] UsersWrite = ["users:write"];
    private static readonly string[] UsersRead = ["users:read"];

    private HttpClient Admin() => fixture.App.CreateClient().WithBearer(fixture.AdminToken);

    private async Task<(Guid Id, string Key)> CreateKeyAsync(string[] scopes, DateTimeOffset? expiresAt = null)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "CRM sync", scopes, expiresAt });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return (body.GetProperty("apiKey").GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    private HttpClient WithKey(string key)
    {
        var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    [Fact]
    public async Task Create_ReturnsTheKeyOnceAndStoresOnlyItsHash()
    {
        var (id, key) = await CreateKeyAsync(["users:read"]);

        Assert.StartsWith("wsk_", key, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.App.QueryAsync(db => db.ApiKeys.CountAsync(k => k.SecretHash == key || k.Prefix == key)));
        using var admin = Admin();
        var listed = await (await admin.GetAsync("/api/v1/api-keys")).Content.ReadAsStringAsync();
        Assert.Contains(id.ToString(), listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_WithTheScope_CanCallTheOperationAndIsTheAuditedActor()
    {
        var (id, key) = await CreateKeyAsync(["users:read", "users:write"]);
        using var client = WithKey(key);

        var list = await client.GetAsync("/api/v1/users");
        var create = await client.PostAsJsonAsync("/api/v1/users", new { email = $"via-key-{Guid.NewGuid():N}@example.test", fullName = "Via Key", role = "AGENTE", password = "Temporary-password-1" });

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var requestId = create.Headers.GetValues("X-Request-Id").Single();
        var row = await fixture.App.QueryAsync(db => db.AuditLogs.SingleAsync(a => a.RequestId == requestId));
        Assert.Equal(($"apikey:{id}", ActorKind.ApiKey), (row.ActorId, row.ActorKind));
        using var admin = Admin();
        var keys = await (await admin.GetAsync("/api/v1/api-keys")).ReadJsonAsync();
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, keys.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id).GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task Key_WithoutTheScope_Gets403AndChangesNothing()
    {
        var (_, key) = await CreateKeyAsync(["users:read"]);
        using var client = WithKey(key);
        var before = await fixture.App.QueryAsync(db => db.Users.CountAsync());

        var create = await client.PostAsJsonAsync("/api/v1/users", new { email = "nope@example.test", fullName = "Nope", role = "ADMIN", password = "Temporary-password-1" });
        var audit = await client.GetAsync("/api/v1/audit-logs");

        await create.AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        await audit.AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        Assert.Equal(before, await fixture.App.QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Key_OnUserOnlyOperations_Gets403()
    {
        var (_, key) = await CreateKeyAsync(["users:read", "users:write", "audit:read"]);
        using var client = WithKey(key);

        await (await client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v1/api-keys")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "escalate", scopes = UsersWrite })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task Key_Revoked_Gets401()
    {
        var (id, key) = await CreateKeyAsync(["users:read"]);
        using var admin = Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/api-keys/{id}/revoke", null)).StatusCode);
        using var client = WithKey(key);

        var response = await client.GetAsync("/api/v1/users");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("wsk_abcdefghij_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    [InlineData("")]
    public async Task Key_UnknownOrMalformed_Gets401(string key)
    {
        using var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"ApiKey {key}");

        var response = await client.GetAsync("/api/v1/users");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Key_WithTamperedSecret_Gets401()
    {
        var (_, key) = await CreateKeyAsync(["users:read"]);
        var tampered = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');
        using var client = WithKey(tampered);

        var response = await client.GetAsync("/api/v1/users");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"everything\"]}")]
    [InlineData("{\"name\":\"x\",\"scopes\":[]}")]
    [InlineData("{\"name\":\"\",\"scopes\":[\"users:read\"]}")]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"users:read\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}")]
    public async Task Create_InvalidRequest_Returns400(string body)
    {
        using var admin = Admin();

        var response = await admin.PostAsync("/api/v1/api-keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Create_ByNonAdmin_Returns403()
    {
        var supervisor = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        using var client = fixture.App.CreateClient().WithBearer(supervisor.Token);

        var response = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "mine", scopes = UsersRead });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
