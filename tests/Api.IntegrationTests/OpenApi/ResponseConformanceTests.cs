using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OtpNet;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>
/// Real answers conform to the schemas the document gives them: every required member present, null only
/// where the schema allows it, no undocumented member, enum values and formats as documented. Walks the
/// README's steps on the embedded default, both sign-in answers (session and MFA challenge) and the
/// problem answers.
/// </summary>
public sealed class ResponseConformanceTests(EmbeddedApiFixture fixture) : IClassFixture<EmbeddedApiFixture>
{
    private static readonly string[] UsersRead = ["users:read"];

    private OpenApiDocument Document => fixture.Document;

    [Fact]
    public async Task Answers_ReadmeWalkthroughAndSignIn_ConformToTheirDocumentedSchemas()
    {
        using var anonymous = fixture.App.CreateClient();
        await ConformsAsync(await anonymous.GetAsync("/api/v1/health/live"), "health_live", HttpStatusCode.OK);
        await ConformsAsync(await anonymous.GetAsync("/api/v1/health/ready"), "health_ready", HttpStatusCode.OK);
        await ConformsAsync(await anonymous.LoginResponseAsync(WhatsSuiteApp.AdminEmail, "not-the-password-1"), "auth_login", HttpStatusCode.Unauthorized);
        var session = await ConformsAsync(await anonymous.LoginResponseAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword), "auth_login", HttpStatusCode.OK);
        var refreshed = await ConformsAsync(
            await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = (string)session["refreshToken"]! }), "auth_refresh", HttpStatusCode.OK);
        using var admin = fixture.App.CreateClient().WithBearer((string)refreshed["accessToken"]!);

        // Identity and administration.
        var me = await ConformsAsync(await admin.GetAsync("/api/v1/auth/me"), "auth_me", HttpStatusCode.OK);
        await ConformsAsync(await admin.GetAsync("/api/v1/auth/sessions"), "auth_sessions", HttpStatusCode.OK);
        var agent = await ConformsAsync(
            await admin.PostAsJsonAsync("/api/v1/users", new { email = "ana@example.test", fullName = "Ana", role = "AGENTE", password = "Temporary-password-1" }),
            "users_create",
            HttpStatusCode.Created);
        var agentId = (string)agent["id"]!;
        await ConformsAsync(await admin.GetAsync("/api/v1/users?pageSize=5"), "users_list", HttpStatusCode.OK);
        await ConformsAsync(await admin.PutAsJsonAsync($"/api/v1/users/{agentId}", new { fullName = "Ana B.", role = "AGENTE", isActive = true }), "users_update", HttpStatusCode.OK);
        await ConformsAsync(await admin.PostAsync($"/api/v1/users/{agentId}/force-logout", null), "users_force_logout", HttpStatusCode.OK);
        await ConformsAsync(await admin.PostAsJsonAsync("/api/v1/users", new JsonObject()), "users_create", HttpStatusCode.BadRequest);
        await ConformsAsync(await admin.GetAsync($"/api/v1/users/{Guid.NewGuid()}"), "users_get", HttpStatusCode.NotFound);
        await ConformsAsync(await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "CRM", scopes = UsersRead }), "api_keys_create", HttpStatusCode.Created);
        await ConformsAsync(await admin.GetAsync("/api/v1/api-keys"), "api_keys_list", HttpStatusCode.OK);

        // The sandbox walkthrough.
        var connections = await ConformsAsync(await admin.GetAsync("/api/v1/connections"), "connections_list", HttpStatusCode.OK);
        var connectionId = (string)connections["items"]![0]!["id"]!;
        await ConformsAsync(await admin.GetAsync($"/api/v1/connections/{connectionId}"), "connections_get", HttpStatusCode.OK);
        var queues = await ConformsAsync(await admin.GetAsync("/api/v1/queues"), "queues_list", HttpStatusCode.OK);
        await ConformsAsync(await admin.GetAsync($"/api/v1/queues/{(string)queues["items"]![0]!["id"]!}"), "queues_get", HttpStatusCode.OK);
        await ConformsAsync(
            await admin.PostAsJsonAsync($"/api/v1/sandbox/connections/{connectionId}/inbound", new { from = "+54 9 11 5555-0002", name = "Bea", text = "Hola" }),
            "sandbox_inbound",
            HttpStatusCode.Accepted);
        string? conversationId = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var page = await admin.GetFromJsonAsync<JsonObject>("/api/v1/conversations?status=UNASSIGNED");
                conversationId = (string?)page!["items"]!.AsArray().FirstOrDefault()?["id"];
                return conversationId is not null;
            },
            "the customer's conversation is listed");
        await ConformsAsync(await admin.GetAsync("/api/v1/conversations"), "conversations_list", HttpStatusCode.OK);
        await ConformsAsync(await admin.GetAsync("/api/v1/conversations/summary"), "conversations_summary", HttpStatusCode.OK);
        await ConformsAsync(await admin.GetAsync($"/api/v1/conversations/{conversationId}"), "conversations_get", HttpStatusCode.OK);
        await ConformsAsync(await admin.PostAsync($"/api/v1/conversations/{conversationId}/assign", null), "conversations_assign", HttpStatusCode.OK);
        await ConformsAsync(
            await admin.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { type = "text", text = "¡Hola Bea!" }), "messages_send", HttpStatusCode.Accepted);
        await ConformsAsync(await admin.GetAsync($"/api/v1/conversations/{conversationId}/messages"), "messages_list", HttpStatusCode.OK);
        await ConformsAsync(await admin.GetAsync("/api/v1/contacts"), "contacts_list", HttpStatusCode.OK);
        await ConformsAsync(await admin.GetAsync("/api/v1/webhooks/inbox"), "webhook_inbox_list", HttpStatusCode.OK);
        await ConformsAsync(await admin.GetAsync("/api/v1/audit-logs?pageSize=100"), "audit_logs_list", HttpStatusCode.OK);
        await ConformsAsync(await admin.GetAsync("/api/v1/audit-logs/verify"), "audit_logs_verify", HttpStatusCode.OK);
        await ConformsAsync(await admin.GetAsync("/api/v1/auth-events"), "auth_events_list", HttpStatusCode.OK);
        await ConformsAsync(await admin.GetAsync($"/api/v1/conversations/{Guid.NewGuid()}"), "conversations_get", HttpStatusCode.NotFound);

        // With MFA, the first sign-in step answers a challenge; the second step answers a session.
        var enrollment = await ConformsAsync(await admin.PostAsync("/api/v1/auth/mfa/enroll", null), "mfa_enroll", HttpStatusCode.OK);
        var code = new Totp(Base32Encoding.ToBytes((string)enrollment["secret"]!)).ComputeTotp();
        var recovery = await ConformsAsync(await admin.PostAsJsonAsync("/api/v1/auth/mfa/confirm", new { code }), "mfa_confirm", HttpStatusCode.OK);
        var challenge = await ConformsAsync(await anonymous.LoginResponseAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword), "auth_login", HttpStatusCode.OK);
        Assert.True((bool)challenge["mfaRequired"]!);
        await ConformsAsync(
            await anonymous.PostAsJsonAsync("/api/v1/auth/login/mfa", new { challengeToken = (string)challenge["challengeToken"]!, recoveryCode = (string)recovery["recoveryCodes"]![0]! }),
            "mfa_login",
            HttpStatusCode.OK);
        Assert.Equal("ADMIN", (string?)me["role"]);
    }

    /// <summary>Asserts the status and that the body conforms to the schema documented for it; returns the body.</summary>
    private async Task<JsonNode> ConformsAsync(HttpResponseMessage response, string operationId, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{operationId}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var contentType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
        var schema = Document.ResponseSchema(operationId, (int)status, contentType);
        var body = JsonNode.Parse(text);
        var problems = SchemaConformance.Check(Document, schema, body);
        Assert.True(problems.Count == 0, $"{operationId} {(int)status} does not match its documented schema:\n{string.Join("\n", problems)}\n{text}");
        return body!;
    }
}
