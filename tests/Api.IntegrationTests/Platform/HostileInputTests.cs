using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Platform;

/// <summary>
/// Walks every operation of the OpenAPI document and sends it hostile input: wrong types, nulls, huge
/// strings, deep nesting, SQL and script payloads, invalid UTF-8 and unknown enum values, in the path,
/// the query and the body. No answer may be a 5xx, and nothing may change.
/// </summary>
public sealed class HostileInputTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private static readonly string[] HostileStrings =
    [
        "' OR '1'='1' --",
        "\"; DROP TABLE users; --",
        "<script>alert(1)</script>",
        "../../../../etc/passwd",
        "%00%0d%0a",
        "\u0000\u0007\u001b",
        "𝕎𝕙𝕒𝕥𝕤 \ud83d\ude00",
        new string('A', 100_000),
        "NOT_A_KNOWN_VALUE",
        "-1",
        "9999999999999999999999",
        "1e309",
    ];

    /// <summary>
    /// Operations whose success would legitimately change the caller's own state; sent anonymously only. Every other
    /// operation is sent as the admin, and, when the document lists it without a security requirement, anonymously as
    /// well: without credentials a protected operation answers 401 before it reads any input
    /// (<c>RoleEscalationTests.EveryOperation_NotMarkedAnonymous_Answers401ProblemWithoutCredentialsBeforeReadingInput</c>),
    /// so hostile input sent to it anonymously would reach nothing.
    /// </summary>
    private static readonly HashSet<string> CallerStateOperations = new(StringComparer.Ordinal) { "POST /api/v1/auth/logout" };

    [Fact]
    public async Task EveryOperation_HostileInput_NeverAnswers5xxAndChangesNothing()
    {
        using var anonymous = fixture.App.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/swagger/v1/swagger.json"))!;

        // The walk can outlast an access token on a slow machine: the admin signs in again every few minutes, and the
        // refresh tokens those sign-ins add are the only change allowed.
        var token = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var tokenAge = Stopwatch.StartNew();
        var signIns = 0;
        var before = await SnapshotAsync(0);
        var failures = new List<string>();
        var sent = 0;

        foreach (var (path, pathItem) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in pathItem!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                var callers = CallerStateOperations.Contains(name) ? [false]
                    : operation!["security"] is JsonArray { Count: > 0 } ? [true]
                    : new[] { true, false };
                foreach (var request in Requests(document, path, method, operation!))
                {
                    foreach (var asAdmin in callers)
                    {
                        using var client = fixture.App.CreateClient();
                        if (asAdmin)
                        {
                            if (tokenAge.Elapsed > TimeSpan.FromMinutes(5))
                            {
                                token = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
                                signIns++;
                                tokenAge.Restart();
                            }

                            client.WithBearer(token);
                        }

                        using var message = request();
                        var response = await client.SendAsync(message);
                        sent++;
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{name} {message.RequestUri} -> {(int)response.StatusCode}");
                        }
                    }
                }
            }
        }

        Assert.True(sent > 500, $"only {sent} requests were sent");
        Assert.Empty(failures);
        Assert.Equal(before, await SnapshotAsync(signIns));
        using var admin = fixture.App.CreateClient().WithBearer(token);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Theory]
    [InlineData("application/json", new byte[] { 0x7B, 0x22, 0x65, 0x6D, 0x61, 0x69, 0x6C, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D })]
    [InlineData("application/json", new byte[] { 0xFF, 0xFE, 0xFD })]
    [InlineData("application/json; charset=utf-16", new byte[] { 0x7B, 0x00, 0x7D, 0x00 })]
    public async Task Login_InvalidEncoding_Returns4xxProblem(string contentType, byte[] body)
    {
        using var client = fixture.App.CreateClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var response = await client.PostAsync("/api/v1/auth/login", content);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The state hostile input must not change; <paramref name="signIns"/> refresh tokens are the test's own.</summary>
    private Task<string> SnapshotAsync(int signIns) => fixture.App.QueryAsync(async db =>
    {
        var users = await db.Users.OrderBy(u => u.Id).Select(u => new { u.FullName, u.Role, u.IsActive }).ToListAsync();
        var keysRevokedAt = await db.ApiKeys.Select(k => k.RevokedAt).ToListAsync();
        var refresh = await db.RefreshTokens.CountAsync() - signIns;
        var connections = await db.Connections.CountAsync();
        var links = await db.Connections.SelectMany(c => c.Queues).CountAsync();
        var inbox = await db.WebhookInbox.CountAsync();
        var contacts = await db.Contacts.OrderBy(c => c.Id).Select(c => new { c.DisplayName, c.Tags, c.OptedOut }).ToListAsync();
        var names = string.Join(',', users.Select(u => $"{u.FullName}{u.Role}{u.IsActive}"));
        var contactState = string.Join(',', contacts.Select(c => $"{c.DisplayName}{string.Join('|', c.Tags)}{c.OptedOut}"));
        return $"{users.Count}/{users.Count(u => u.IsActive)}/{names}/{keysRevokedAt.Count}/{keysRevokedAt.Count(r => r is not null)}/{refresh}/{connections}/{links}/{inbox}/{contactState}";
    });

    private static IEnumerable<Func<HttpRequestMessage>> Requests(JsonNode document, string path, string method, JsonNode operation)
    {
        var httpMethod = new HttpMethod(method.ToUpperInvariant());
        var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
        var pathParameters = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        var queryParameters = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
        var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];

        string Path(string value) => pathParameters.Aggregate(path, (current, name) => current.Replace($"{{{name}}}", Uri.EscapeDataString(value), StringComparison.Ordinal));

        var validPath = Path(Guid.NewGuid().ToString());
        foreach (var hostile in HostileStrings.Where(h => h.Length < 5000))
        {
            // A NUL in the path is refused by Kestrel (400) before the application; the in-memory test host throws instead.
            if (pathParameters.Count > 0 && !hostile.Any(char.IsControl))
            {
                yield return () => new HttpRequestMessage(httpMethod, Path(hostile)) { Content = Json("{}") };
            }

            foreach (var query in queryParameters)
            {
                yield return () => new HttpRequestMessage(httpMethod, $"{validPath}?{query}={Uri.EscapeDataString(hostile)}") { Content = bodySchema is null ? null : Json("{}") };
            }
        }

        foreach (var query in queryParameters)
        {
            yield return () => new HttpRequestMessage(httpMethod, $"{validPath}?{query}=%C3%28%FF");
        }

        if (bodySchema is null)
        {
            yield return () => new HttpRequestMessage(httpMethod, validPath);
            yield break;
        }

        foreach (var body in HostileBodies(Resolve(document, bodySchema)))
        {
            yield return () => new HttpRequestMessage(httpMethod, validPath) { Content = Json(body) };
        }
    }

    private static IEnumerable<string> HostileBodies(JsonNode? schema)
    {
        yield return "null";
        yield return "[]";
        yield return "\"text\"";
        yield return "42";
        yield return "{}";
        yield return string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "1" + new string('}', 500);
        yield return "[" + string.Concat(Enumerable.Repeat("[", 300)) + new string(']', 301);
        var properties = schema?["properties"]?.AsObject().Select(p => p.Key).ToList() ?? [];
        foreach (var property in properties)
        {
            foreach (var value in HostileStrings)
            {
                yield return new JsonObject { [property] = value }.ToJsonString();
                yield return WithAll(properties, property, JsonValue.Create(value));
            }

            yield return WithAll(properties, property, null);
            yield return WithAll(properties, property, JsonValue.Create(12345));
            yield return WithAll(properties, property, JsonValue.Create(true));
            yield return WithAll(properties, property, new JsonObject { ["nested"] = "object" });
            yield return WithAll(properties, property, new JsonArray("a", 1, null));
        }
    }

    /// <summary>A body with every property set to a plausible string, except <paramref name="target"/>.</summary>
    private static string WithAll(List<string> properties, string target, JsonNode? value)
    {
        var body = new JsonObject();
        foreach (var property in properties)
        {
            body[property] = property == target ? value?.DeepClone() : JsonValue.Create("plausible value");
        }

        return body.ToJsonString();
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode schema)
    {
        var reference = (string?)schema["$ref"];
        if (reference is null)
        {
            return schema;
        }

        var name = reference.Split('/')[^1];
        return document["components"]?["schemas"]?[name];
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
