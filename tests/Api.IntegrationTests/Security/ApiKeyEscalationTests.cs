using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// An API key cannot grant more than its creator chose: with <c>users:write</c> it manages AGENTE accounts
/// only; ADMIN and SUPERVISOR accounts need <c>users:admin</c>, which only an ADMIN signed in with MFA can put
/// on a key.
/// </summary>
public sealed class ApiKeyEscalationTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private static readonly string[] UsersWrite = ["users:read", "users:write"];
    private static readonly string[] UsersAdmin = ["users:write", "users:admin"];

    private static object NewUser(string role) =>
        new { email = $"{role.ToLowerInvariant()}-via-key-{Guid.NewGuid():N}@example.test", fullName = $"Via key {role}", role, password = "Temporary-password-1" };

    private HttpClient WithKey(string key)
    {
        var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    private async Task<HttpResponseMessage> CreateKeyAsync(string token, string[] scopes)
    {
        using var client = fixture.App.CreateClient().WithBearer(token);
        return await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "HR provisioning", scopes });
    }

    private async Task<string> KeyAsync(string token, string[] scopes)
    {
        var response = await CreateKeyAsync(token, scopes);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("key").GetString()!;
    }

    private Task<string> UsersStateAsync() => fixture.App.QueryAsync(async db => string.Join(
        ',',
        (await db.Users.OrderBy(u => u.Id).Select(u => new { u.Email, u.Role, u.IsActive }).ToListAsync()).Select(u => $"{u.Email}{u.Role}{u.IsActive}")));

    [Fact]
    public async Task UsersWriteKey_CannotCreatePromoteOrActOnAdminAndSupervisorAccounts()
    {
        using var client = WithKey(await KeyAsync(fixture.AdminToken, UsersWrite));
        var otherAdmin = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "ADMIN");
        var agentResponse = await client.PostAsJsonAsync("/api/v1/users", NewUser("AGENTE"));
        Assert.Equal(HttpStatusCode.Created, agentResponse.StatusCode);
        var agentId = (await agentResponse.ReadJsonAsync()).GetProperty("id").GetGuid();
        var before = await UsersStateAsync();

        var refusals = new[]
        {
            await client.PostAsJsonAsync("/api/v1/users", NewUser("ADMIN")),
            await client.PostAsJsonAsync("/api/v1/users", NewUser("SUPERVISOR")),
            await client.PutAsJsonAsync($"/api/v1/users/{agentId}", new { fullName = "Promoted", role = "ADMIN", isActive = true }),
            await client.PutAsJsonAsync($"/api/v1/users/{otherAdmin.Id}", new { fullName = "Demoted", role = "AGENTE", isActive = true }),
            await client.PostAsync($"/api/v1/users/{otherAdmin.Id}/deactivate", null),
            await client.PostAsync($"/api/v1/users/{otherAdmin.Id}/force-logout", null),
        };

        foreach (var refusal in refusals)
        {
            await refusal.AssertProblemAsync(HttpStatusCode.Forbidden, "users.privileged_account_needs_users_admin");
        }

        Assert.Equal(before, await UsersStateAsync());
        using var otherAdminClient = fixture.App.CreateClient().WithBearer(otherAdmin.Token);
        Assert.Equal(HttpStatusCode.OK, (await otherAdminClient.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(6, await fixture.App.QueryAsync(db => db.AuditLogs.CountAsync(a =>
            a.ActorKind == ActorKind.ApiKey && a.Outcome == AuditOutcome.Denied && a.Reason == "privileged_account_needs_users_admin")));

        // Agents stay within reach of users:write.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/users/{agentId}", new { fullName = "Renamed agent", role = "AGENTE", isActive = true })).StatusCode);
    }

    [Fact]
    public async Task UsersAdminScope_OnlyAnAdminSignedInWithMfaCanGrantIt_AndOnlyThatKeyReachesAdmins()
    {
        var admin = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "ADMIN");
        var keysBefore = await fixture.App.QueryAsync(db => db.ApiKeys.CountAsync());

        await (await CreateKeyAsync(admin.Token, UsersAdmin)).AssertProblemAsync(HttpStatusCode.Forbidden, "api_keys.users_admin_requires_mfa");
        await (await CreateKeyAsync(admin.Token, ["users:admin"])).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(keysBefore, await fixture.App.QueryAsync(db => db.ApiKeys.CountAsync()));
        var adminActor = admin.Id.ToString();
        Assert.Equal(1, await fixture.App.QueryAsync(db => db.AuditLogs.CountAsync(a =>
            a.ActorId == adminActor && a.Action == "CreateApiKey" && a.Outcome == AuditOutcome.Denied && a.Reason == "users_admin_requires_mfa")));

        var withMfa = await SignInWithMfaAsync(admin);
        using var key = WithKey(await KeyAsync(withMfa, UsersAdmin));
        var created = await key.PostAsJsonAsync("/api/v1/users", NewUser("ADMIN"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("ADMIN", (await created.ReadJsonAsync()).GetProperty("role").GetString());
    }

    /// <summary>Turns MFA on for <paramref name="user"/> and signs in through the second step (with a recovery code).</summary>
    private async Task<string> SignInWithMfaAsync(SignedInUser user)
    {
        using var client = fixture.App.CreateClient().WithBearer(user.Token);
        var secret = (await (await client.PostAsync("/api/v1/auth/mfa/enroll", null)).ReadJsonAsync()).GetProperty("secret").GetString()!;
        var confirmed = await client.PostAsJsonAsync("/api/v1/auth/mfa/confirm", new { code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var recoveryCode = (await confirmed.ReadJsonAsync()).GetProperty("recoveryCodes")[0].GetString();
        using var anonymous = fixture.App.CreateClient();
        var challenge = (await (await anonymous.LoginResponseAsync(user.Email, SignedInUser.Password)).ReadJsonAsync()).GetProperty("challengeToken").GetString();
        var signedIn = await anonymous.PostAsJsonAsync("/api/v1/auth/login/mfa", new { challengeToken = challenge, recoveryCode });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        return (await signedIn.ReadJsonAsync()).GetProperty("accessToken").GetString()!;
    }
}
