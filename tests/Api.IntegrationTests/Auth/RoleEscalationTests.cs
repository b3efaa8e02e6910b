using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Auth;

/// <summary>
/// Every operation in the OpenAPI document that is not self-service is for ADMINs: AGENTE and SUPERVISOR
/// tokens get 403 on each, before any handler runs, and nothing changes. When SUPERVISOR operations arrive,
/// list them in <see cref="SupervisorOperations"/>. Every operation that is not in <see cref="AnonymousOperations"/>
/// answers 401 to a caller without credentials, at the HTTP edge, before its input is even read.
/// </summary>
public sealed class RoleEscalationTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private Task<string> UsersAsync() => fixture.App.QueryAsync(async db => string.Join(
        ',',
        (await db.Users.OrderBy(u => u.Id).Select(u => new { u.FullName, u.Role, u.IsActive }).ToListAsync()).Select(u => $"{u.FullName}{u.Role}{u.IsActive}")));

    /// <summary>Operations any signed-in user (or anyone) may call.</summary>
    private static readonly HashSet<string> SelfService = new(StringComparer.Ordinal)
    {
        "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout", "GET /api/v1/auth/me",
        "POST /api/v1/auth/change-password", "GET /api/v1/auth/sessions", "DELETE /api/v1/auth/sessions/{id}",
        "POST /api/v1/auth/login/mfa", "POST /api/v1/auth/mfa/enroll", "POST /api/v1/auth/mfa/confirm", "POST /api/v1/auth/mfa/disable",
        "GET /api/v1/health/live", "GET /api/v1/health/ready",
        "GET /api/v1/webhooks/whatsapp/{connectionId}", "POST /api/v1/webhooks/whatsapp/{connectionId}",
        "GET /api/v1/webhooks/whatsapp/apps/{metaAppId}", "POST /api/v1/webhooks/whatsapp/apps/{metaAppId}",

        // Messages are for every role; which conversations each may read or write in is decided per conversation.
        "GET /api/v1/conversations/{id}/messages", "POST /api/v1/conversations/{id}/messages",

        // A message's media is for whoever sees its conversation; the signed link checks its own signature.
        "GET /api/v1/conversations/{id}/messages/{messageId}/media", "GET /api/v1/conversations/{id}/messages/{messageId}/media/link", "GET /api/v1/media/{messageId}",
        "GET /api/v1/conversations/{id}/messages/{messageId}/media/thumbnail",

        // A file to send is uploaded by whoever may send in the conversation (decided per conversation, as for messages).
        "POST /api/v1/conversations/{id}/media",

        // Conversations are for every role; what each caller sees and may do is decided per conversation.
        "GET /api/v1/conversations", "POST /api/v1/conversations", "GET /api/v1/conversations/summary", "GET /api/v1/conversations/{id}",
        "POST /api/v1/conversations/{id}/assign", "POST /api/v1/conversations/{id}/unassign", "POST /api/v1/conversations/{id}/close",
        "POST /api/v1/conversations/{id}/reopen", "POST /api/v1/conversations/{id}/transfer", "POST /api/v1/conversations/{id}/read",

        // Agents read templates to start conversations with them; creating and syncing are for SUPERVISORs and ADMINs.
        "GET /api/v1/templates", "GET /api/v1/templates/{id}",
        // Quick replies are for every role: personal ones are the caller's own; team replies are managed per queue.
        "GET /api/v1/quick-replies", "POST /api/v1/quick-replies", "PUT /api/v1/quick-replies/{id}", "DELETE /api/v1/quick-replies/{id}",
        "POST /api/v1/conversations/{id}/quick-replies/{quickReplyId}",

        // Every user sets their own availability (the command takes no user id).
        "PUT /api/v1/presence/me",
    };

    /// <summary>
    /// The operations anyone may call (the OpenAPI document lists them without a security requirement): sign-in, its
    /// MFA step and refresh, health for orchestrators, and Meta's webhooks (which check their own signature).
    /// </summary>
    private static readonly HashSet<string> AnonymousOperations = new(StringComparer.Ordinal)
    {
        "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/login/mfa",
        "GET /api/v1/health/live", "GET /api/v1/health/ready",
        "GET /api/v1/webhooks/whatsapp/{connectionId}", "POST /api/v1/webhooks/whatsapp/{connectionId}",
        "GET /api/v1/webhooks/whatsapp/apps/{metaAppId}", "POST /api/v1/webhooks/whatsapp/apps/{metaAppId}",
        "GET /api/v1/media/{messageId}",
    };

    /// <summary>Endpoints left out of the OpenAPI document that anyone may call: the dashboard's sign-in forms.</summary>
    private static readonly HashSet<string> AnonymousUndocumentedEndpoints = new(StringComparer.Ordinal)
    {
        "GET /hangfire-login", "POST /hangfire-login", "POST /hangfire-login/mfa",
    };

    private static readonly HashSet<string> SupervisorOperations = new(StringComparer.Ordinal)
    {
        "GET /api/v1/presence",
        "GET /api/v1/queues", "POST /api/v1/queues", "GET /api/v1/queues/{id}", "PUT /api/v1/queues/{id}", "DELETE /api/v1/queues/{id}",
        "PUT /api/v1/queues/{id}/members/{userId}", "DELETE /api/v1/queues/{id}/members/{userId}",
        "GET /api/v1/connections", "GET /api/v1/connections/{id}", "PUT /api/v1/connections/{id}",
        "PUT /api/v1/connections/{id}/queues/{queueId}", "DELETE /api/v1/connections/{id}/queues/{queueId}",
        "POST /api/v1/connections/{id}/check", "GET /api/v1/connections/{id}/events",
        "GET /api/v1/contacts", "GET /api/v1/contacts/{id}", "PATCH /api/v1/contacts/{id}",
        "POST /api/v1/sandbox/connections/{id}/inbound",
        "POST /api/v1/templates", "POST /api/v1/templates/sync",
        "GET /api/v1/campaigns", "POST /api/v1/campaigns", "GET /api/v1/campaigns/{id}", "PUT /api/v1/campaigns/{id}", "PUT /api/v1/campaigns/{id}/audience", "POST /api/v1/campaigns/{id}/cancel",
        "POST /api/v1/campaigns/{id}/schedule", "POST /api/v1/campaigns/{id}/pause", "POST /api/v1/campaigns/{id}/resume",
        "POST /api/v1/campaigns/{id}/audience/file", "GET /api/v1/campaigns/{id}/progress", "GET /api/v1/campaigns/{id}/recipients", "GET /api/v1/campaigns/{id}/recipients/export",
        "PUT /api/v1/queues/{id}/response-target", "PUT /api/v1/queues/{id}/inactivity", "GET /api/v1/queues/{id}/business-hours",
        "GET /api/v1/dashboard/overview", "GET /api/v1/dashboard/daily", "GET /api/v1/dashboard/queues", "GET /api/v1/dashboard/agents", "GET /api/v1/dashboard/campaigns",
        "GET /api/v1/dashboard/drilldown", "GET /api/v1/dashboard/export", "GET /api/v1/dashboard/report",
        "GET /api/v1/conversations/{id}/export", "GET /api/v1/conversations/export",

        // Background conversation exports: each its requester's (ADMIN every one).
        "GET /api/v1/exports", "GET /api/v1/exports/{id}", "GET /api/v1/exports/{id}/file",
    };

    [Theory]
    [InlineData("AGENTE")]
    [InlineData("SUPERVISOR")]
    public async Task EveryAdminOperation_LowerRole_Gets403AndChangesNothing(string role)
    {
        var caller = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, role);
        using var client = fixture.App.CreateClient().WithBearer(caller.Token);
        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var usersBefore = await UsersAsync();
        var checkedOperations = 0;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                if (SelfService.Contains(name) || (role == "SUPERVISOR" && SupervisorOperations.Contains(name)))
                {
                    continue;
                }

                var url = path.Replace("{id}", caller.Id.ToString(), StringComparison.Ordinal).Replace("{userId}", caller.Id.ToString(), StringComparison.Ordinal)
                    .Replace("{queueId}", caller.Id.ToString(), StringComparison.Ordinal).Replace("{messageId}", caller.Id.ToString(), StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
                {
                    Content = method is "post" or "put" or "patch" ? new StringContent(EscalationBody(document, operation!), Encoding.UTF8, "application/json") : null,
                };
                var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{name} answered {(int)response.StatusCode} to {role}");
                checkedOperations++;
            }
        }

        Assert.True(checkedOperations >= 10, $"only {checkedOperations} operations checked");
        Assert.Equal(usersBefore, await UsersAsync());
        Assert.Equal(0, await fixture.App.QueryAsync(db => db.ApiKeys.CountAsync()));
        Assert.Equal(0, await fixture.App.QueryAsync(db => db.Queues.CountAsync()));
        Assert.Equal(0, await fixture.App.QueryAsync(db => db.Connections.CountAsync()));
    }

    [Fact]
    public async Task EveryOperation_NotMarkedAnonymous_Answers401ProblemWithoutCredentialsBeforeReadingInput()
    {
        using var anonymous = fixture.App.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;
        var auditBefore = await fixture.Database.QueryAsync(db => db.AuditLogs.CountAsync());
        var documentedAnonymous = new HashSet<string>(StringComparer.Ordinal);
        var checkedOperations = 0;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                if (operation!["security"] is not JsonArray { Count: > 0 })
                {
                    documentedAnonymous.Add(name);
                    continue;
                }

                // Input that binding would refuse with 400 (malformed JSON, a page that is not a number): only a
                // check at the edge, before the endpoint runs, answers 401 to it.
                var url = string.Join('/', path.Split('/').Select(segment => segment.StartsWith('{') ? Guid.NewGuid().ToString() : segment)) + "?page=x&pageSize=x";
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
                {
                    Content = operation["requestBody"] is null ? null : new StringContent("{\"unclosed\": ", Encoding.UTF8, "application/json"),
                };
                var response = await anonymous.SendAsync(request);

                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name} answered {(int)response.StatusCode} without credentials");
                await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
                checkedOperations++;
            }
        }

        Assert.Equal(AnonymousOperations.Order(StringComparer.Ordinal), documentedAnonymous.Order(StringComparer.Ordinal));
        Assert.True(checkedOperations >= 40, $"only {checkedOperations} operations checked");
        Assert.Equal(auditBefore, await fixture.Database.QueryAsync(db => db.AuditLogs.CountAsync()));
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("ApiKey wsk_abcdefghij_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Operation_InvalidCredentials_Answers401ProblemAtTheEdge(string authorization)
    {
        using var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.PostAsync("/api/v1/users", new StringContent("{\"unclosed\": ", Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }

    [Fact]
    public async Task EveryEndpoint_NotMarkedAnonymous_FallsUnderThePolicyThatRequiresAnAuthenticatedCaller()
    {
        var fallback = await fixture.App.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetFallbackPolicyAsync();
        var anonymous = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Select(name => name.Replace(":guid}", "}", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotNull(fallback);
        Assert.Contains(fallback.Requirements, r => r is DenyAnonymousAuthorizationRequirement);
        Assert.Equal(AnonymousOperations.Union(AnonymousUndocumentedEndpoints).Order(StringComparer.Ordinal), anonymous.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A valid-looking body that would escalate (an ADMIN user, a key with write scopes, a sandbox connection), with
    /// only the properties the operation's schema declares: bodies are read strictly, so an undeclared property
    /// would be refused before the access rule is even reached.
    /// </summary>
    private static string EscalationBody(JsonNode document, JsonNode operation)
    {
        var values = new JsonObject
        {
            ["email"] = $"esc-{Guid.NewGuid():N}@example.test",
            ["fullName"] = "Escalated",
            ["role"] = "ADMIN",
            ["isActive"] = true,
            ["password"] = "Temporary-password-1",
            ["name"] = "esc",
            ["scopes"] = new JsonArray("users:write"),
            ["provider"] = "sandbox",
            ["displayNumber"] = "15550100001",
        };
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        if (schema?["$ref"] is { } reference)
        {
            schema = document["components"]?["schemas"]?[((string)reference!).Split('/')[^1]];
        }

        var body = new JsonObject();
        foreach (var (name, _) in schema?["properties"]?.AsObject() ?? new JsonObject())
        {
            if (values.TryGetPropertyValue(name, out var value))
            {
                body[name] = value?.DeepClone();
            }
        }

        return body.ToJsonString();
    }
}
