using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// A connection's secrets and credentials are an ADMIN's: SUPERVISORs run connections (rename, enable,
/// rate, queues) but never read the webhook verify token, replace the access token or app secret, move the
/// connection to another phone number id or WABA, create or delete a connection.
/// </summary>
public sealed class ConnectionCredentialsTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    [Fact]
    public async Task Supervisor_CannotReadTheVerifyTokenOrChangeTheCredentials()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var phoneNumberId = $"1{Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999)}";
        var createdResponse = await admin.PostAsJsonAsync("/api/v1/connections", new
        {
            name = $"Ventas {Guid.NewGuid():N}",
            provider = "cloud_api",
            phoneNumberId,
            wabaId = "102290129340398",
            displayNumber = "+54 9 11 2345-6789",
            accessToken = "EAAG-admins-token",
            appSecret = "admins-app-secret",
        });
        Assert.Equal(HttpStatusCode.Created, createdResponse.StatusCode);
        var created = await createdResponse.ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();
        var verifyToken = created.GetProperty("webhookVerifyToken").GetString();
        Assert.False(string.IsNullOrEmpty(verifyToken));
        var supervisor = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        using var client = fixture.App.CreateClient().WithBearer(supervisor.Token);
        var stored = await StoredCredentialsAsync(id);

        var one = await client.GetAsync($"/api/v1/connections/{id}");
        var list = await client.GetAsync("/api/v1/connections?pageSize=100");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await one.ReadJsonAsync()).GetProperty("webhookVerifyToken").ValueKind);
        Assert.DoesNotContain(verifyToken!, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        object Put(string? pnid = null, string? wabaId = "102290129340398", string? accessToken = null, string? appSecret = null) => new
        {
            name = "Renamed by supervisor",
            phoneNumberId = pnid ?? phoneNumberId,
            wabaId,
            displayNumber = "+54 9 11 2345-6789",
            sendRateLimitPerSecond = 20,
            enabled = true,
            accessToken,
            appSecret,
        };

        foreach (var body in new[] { Put(accessToken: "EAAG-supervisors-token"), Put(appSecret: "supervisors-secret"), Put(pnid: "999000111222333"), Put(wabaId: "555") })
        {
            await (await client.PutAsJsonAsync($"/api/v1/connections/{id}", body)).AssertProblemAsync(HttpStatusCode.Forbidden, "connections.credentials_admin_only");
        }

        await (await client.PostAsJsonAsync("/api/v1/connections", new { name = "Mine", provider = "sandbox", displayNumber = "15550100009" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync($"/api/v1/connections/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(stored, await StoredCredentialsAsync(id));
        Assert.Equal(4, await fixture.Database.QueryAsync(db => db.AuditLogs.CountAsync(a =>
            a.ActorId == supervisor.Id.ToString() && a.Action == "UpdateConnection" && a.Outcome == AuditOutcome.Denied && a.Reason == "credentials_admin_only")));

        // What a supervisor runs day to day still works, without the secrets.
        var renamed = await client.PutAsJsonAsync($"/api/v1/connections/{id}", Put());
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await renamed.ReadJsonAsync()).GetProperty("webhookVerifyToken").ValueKind);
        Assert.Equal(verifyToken, (await (await admin.GetAsync($"/api/v1/connections/{id}")).ReadJsonAsync()).GetProperty("webhookVerifyToken").GetString());
    }

    private async Task<(string, string?, string, string, bool)> StoredCredentialsAsync(Guid id)
    {
        var stored = await fixture.Database.QueryAsync(db => db.Connections.SingleAsync(c => c.Id == id));
        return (stored.PhoneNumberId, stored.WabaId, stored.AccessTokenProtected, stored.AppSecretProtected, stored.DeletedAt == null);
    }
}
