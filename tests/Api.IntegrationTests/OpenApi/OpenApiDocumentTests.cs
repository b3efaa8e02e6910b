using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WhatsSuite.Api.Infrastructure.OpenApi;

namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>The served OpenAPI document is a contract a client generator can rely on.</summary>
public sealed partial class OpenApiDocumentTests(EmbeddedApiFixture fixture) : IClassFixture<EmbeddedApiFixture>
{
    /// <summary>
    /// Operation ids that clients have been generated with. Generated method names come from them, so an id
    /// is never renamed or removed: append new ones, never edit this list.
    /// </summary>
    private static readonly string[] PublishedOperationIds =
    [
        "api_keys_create", "api_keys_list", "api_keys_revoke",
        "audit_logs_list", "audit_logs_verify", "audit_logs_export", "auth_events_export", "auth_events_list",
        "auth_login", "auth_refresh", "auth_logout", "auth_me", "auth_change_password", "auth_sessions", "auth_revoke_session",
        "mfa_login", "mfa_enroll", "mfa_confirm", "mfa_disable",
        "connections_list", "connections_create", "connections_get", "connections_update", "connections_delete",
        "connections_link_queue", "connections_unlink_queue", "connections_check",
        "contacts_list", "contacts_get", "contacts_update",
        "conversations_list", "conversations_start", "conversations_summary", "conversations_get", "conversations_assign",
        "conversations_unassign", "conversations_close", "conversations_reopen", "conversations_transfer",
        "health_live", "health_ready",
        "messages_list", "messages_send",
        "queues_list", "queues_create", "queues_get", "queues_update", "queues_delete", "queues_add_member", "queues_remove_member",
        "sandbox_inbound",
        "users_list", "users_create", "users_get", "users_update", "users_deactivate", "users_force_logout",
        "whatsapp_webhook_verify", "whatsapp_webhook_receive", "whatsapp_app_webhook_verify", "whatsapp_app_webhook_receive",
        "webhook_inbox_list", "webhook_inbox_retry",
    ];

    private OpenApiDocument Document => fixture.Document;

    [Fact]
    public void OperationIds_EveryOperation_HasAUniqueSnakeCaseId()
    {
        var operations = Document.Operations().ToList();
        var ids = operations.Select(o => (string?)o.Operation["operationId"]).ToList();

        Assert.True(operations.Count >= PublishedOperationIds.Length, $"expected every endpoint in the document, found {operations.Count}");
        Assert.All(operations, o => Assert.Matches(OperationIdPattern(), (string?)o.Operation["operationId"] ?? $"(none on {o.Method} {o.Path})"));
        Assert.Empty(ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void OperationIds_PublishedOnes_AreStillThere()
    {
        var ids = Document.Operations().Select(o => (string?)o.Operation["operationId"]).ToHashSet(StringComparer.Ordinal);

        var missing = PublishedOperationIds.Where(id => !ids.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"Published operation ids are gone (generated clients call them): {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("POST", "/api/v1/conversations/{id}/messages", "messages_send")]
    [InlineData("GET", "/api/v1/conversations", "conversations_list")]
    [InlineData("POST", "/api/v1/users/{id}/force-logout", "users_force_logout")]
    [InlineData("POST", "/api/v1/api-keys", "api_keys_create")]
    public void OperationIds_Convention_IsGroupAndHandlerInSnakeCase(string method, string path, string expected)
    {
        var operation = Document.Operations().Single(o => o.Method == method && o.Path == path).Operation;

        Assert.Equal(expected, (string?)operation["operationId"]);
    }

    [Theory]
    [InlineData("ForceLogout", "force_logout")]
    [InlineData("ApiKeys", "api_keys")]
    [InlineData("MFACode", "mfa_code")]
    [InlineData("List", "list")]
    [InlineData("Get2Fa", "get2_fa")]
    public void SnakeCase_Names_AreSplitAtWordBoundaries(string name, string expected) =>
        Assert.Equal(expected, OperationIds.SnakeCase(name));

    [Fact]
    public void SchemaNames_ArePlainIdentifiers_WithoutAssemblyOrNamespaceDetails()
    {
        var text = Document.ToString();

        Assert.All(Document.Schemas.Select(s => s.Key), name => Assert.Matches(SchemaNamePattern(), name));
        foreach (var leak in new[] { "Version=", "Culture=", "PublicKeyToken", "`1", "WhatsSuite.", "Microsoft.AspNetCore", "System." })
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }

        foreach (var expected in new[] { "UserPage", "AuditLogPage", "AuthEventPage", "ConversationPage", "User", "AccessToken", "ProblemDetails", "LoginRequest" })
        {
            Assert.True(Document.Schemas.ContainsKey(expected), $"schema {expected} is in the document");
        }
    }

    [Fact]
    public void ProblemAnswers_AllReferToOneProblemDetailsSchema_WithCodeAndTraceId()
    {
        var problemResponses = 0;
        foreach (var (method, path, operation) in Document.Operations())
        {
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                var content = response!["content"]?.AsObject();
                // Readiness answers 503 with its usual body, listing the failing checks.
                var isReadiness = (string?)operation["operationId"] == "health_ready" && status == "503";
                if (status[0] is '4' or '5' && content is not null && !isReadiness)
                {
                    var schema = content["application/problem+json"]?["schema"]?["$ref"];
                    Assert.True(schema is not null, $"{method} {path} {status} is application/problem+json");
                    Assert.Equal("#/components/schemas/ProblemDetails", (string?)schema);
                    Assert.Single(content);
                    problemResponses++;
                }
            }
        }

        var problem = Document.Schemas["ProblemDetails"]!.AsObject();
        var required = problem["required"]!.AsArray().Select(r => (string?)r).ToList();
        Assert.Superset(new HashSet<string?> { "status", "code", "traceId" }, required.ToHashSet());
        Assert.Equal("string", (string?)problem["properties"]!["code"]!["type"]);
        Assert.Equal("string", (string?)problem["properties"]!["traceId"]!["type"]);
        var errors = problem["properties"]!["errors"]!;
        Assert.Equal("object", (string?)errors["type"]);
        Assert.Equal("string", (string?)errors["additionalProperties"]!["items"]!["type"]);
        Assert.DoesNotContain("errors", required);
        Assert.False(Document.Schemas.ContainsKey("HttpValidationProblemDetails"));
        Assert.True(problemResponses > 100, $"found {problemResponses} problem answers");
    }

    [Fact]
    public void Enums_AreStringEnums_WithTheValuesTheApiWrites()
    {
        var json = fixture.App.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var enums = typeof(Domain.Users.Role).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic)
            .ToDictionary(SchemaNames.For, StringComparer.Ordinal);
        var checkedEnums = 0;

        foreach (var (name, node) in Document.Schemas)
        {
            if (node!["enum"] is not JsonArray values || (string?)node["type"] == "boolean")
            {
                continue;
            }

            Assert.Equal("string", (string?)node["type"]);
            Assert.True(enums.TryGetValue(name, out var type), $"enum schema {name} matches a domain enum");
            var written = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, json).Trim('"'));
            Assert.Equal(written.Order(StringComparer.Ordinal), values.Select(v => (string?)v).Order(StringComparer.Ordinal));
            checkedEnums++;
        }

        Assert.True(checkedEnums >= 8, $"checked {checkedEnums} enums");
        Assert.Equal("#/components/schemas/Role", (string?)Document.Operation("users_list")["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "role")!["schema"]!["$ref"]);
    }

    [Fact]
    public void RequestSchemas_RefuseUnknownMembers_AndAnswersClaimNoClosedShape()
    {
        var operations = Document.Operations().Select(o => o.Operation).ToList();
        bool IsObject(string name) => (string?)Document.Schemas[name]!["type"] == "object";
        var requests = Document.ReachableSchemas(operations.Select(o => o["requestBody"])).Where(IsObject).ToHashSet(StringComparer.Ordinal);
        var answers = Document.ReachableSchemas(operations.Select(o => o["responses"])).Where(IsObject).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(requests.Intersect(answers));
        Assert.Contains("LoginRequest", requests);
        Assert.Contains("User", answers);
        foreach (var name in requests)
        {
            Assert.True(Document.Schemas[name]!["additionalProperties"] is JsonValue closed && !closed.GetValue<bool>(), $"request schema {name} says additionalProperties: false");
        }

        foreach (var name in answers)
        {
            Assert.False(Document.Schemas[name]!["additionalProperties"] is JsonValue closed && !closed.GetValue<bool>(), $"answer schema {name} makes no claim about extra members");
        }
    }

    [Fact]
    public void Answers_MembersAlwaysSent_AreRequired_AndOnlyNullableOnesAllowNull()
    {
        var user = Document.Schemas["User"]!;
        var page = Document.Schemas["UserPage"]!;
        var conversation = Document.Schemas["Conversation"]!;

        Assert.Equal(
            ["id", "email", "fullName", "role", "isActive", "mustChangePassword", "createdAt", "updatedAt", "lastLoginAt"],
            user["required"]!.AsArray().Select(r => (string?)r));
        Assert.Null(user["properties"]!["email"]!["nullable"]);
        Assert.True(user["properties"]!["lastLoginAt"]!["nullable"]!.GetValue<bool>());
        Assert.Contains("items", page["required"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("#/components/schemas/Role", (string?)user["properties"]!["role"]!["$ref"]);

        // A reference that may be null: allOf with nullable, typed so that OpenAPI 3.0 honours nullable.
        var assignee = conversation["properties"]!["assignee"]!;
        Assert.True(assignee["nullable"]!.GetValue<bool>());
        Assert.Equal("object", (string?)assignee["type"]);
        Assert.Equal("#/components/schemas/ConversationAssignee", (string?)assignee["allOf"]![0]!["$ref"]);
    }

    [Fact]
    public void SignInAnswers_SessionHasEveryTokenMember_FirstStepMayAnswerAChallenge()
    {
        var session = Document.Schemas["AccessToken"]!;
        var challenge = Document.Schemas["MfaChallenge"]!;

        Assert.Equal(
            ["accessToken", "tokenType", "expiresIn", "refreshToken", "refreshExpiresIn", "mustChangePassword", "mfaRequired"],
            session["required"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("string", (string?)session["properties"]!["accessToken"]!["type"]);
        Assert.Null(session["properties"]!["accessToken"]!["nullable"]);
        Assert.False(session["properties"]!["mfaRequired"]!["enum"]![0]!.GetValue<bool>());
        Assert.True(challenge["properties"]!["mfaRequired"]!["enum"]![0]!.GetValue<bool>());
        Assert.Equal("#/components/schemas/SignInAnswer", (string?)Document.ResponseSchema("auth_login", 200)["$ref"]);
        foreach (var id in new[] { "auth_refresh", "auth_change_password", "mfa_login" })
        {
            Assert.Equal("#/components/schemas/AccessToken", (string?)Document.ResponseSchema(id, 200)["$ref"]);
        }
    }

    [Fact]
    public void RequestSchemas_RequiredMembers_FollowTypesAndValidators()
    {
        static IEnumerable<string?> Required(JsonNode schema) => schema["required"]?.AsArray().Select(r => (string?)r) ?? [];

        // Nullable in C# so that a missing value is a validation message, yet required by the validator.
        Assert.Equal(["fullName", "role", "isActive"], Required(Document.Schemas["UpdateUserRequest"]!));
        Assert.Equal(["name", "provider", "displayNumber"], Required(Document.Schemas["CreateConnectionRequest"]!));
        Assert.Equal(["type"], Required(Document.Schemas["SendMessageRequest"]!));

        // A field needed only in some cases stays optional.
        Assert.Equal(["challengeToken"], Required(Document.Schemas["LoginWithMfaRequest"]!));
        Assert.Empty(Required(Document.Schemas["TransferRequest"]!));

        // Members a client does not send are not in the request.
        Assert.Null(Document.Schemas["StartConversationRequest"]!["properties"]!["auditTargetType"]);
        Assert.True(Document.Schemas["CreateConnectionRequest"]!["properties"]!["wabaId"]!["nullable"]!.GetValue<bool>());
    }

    [Fact]
    public void QueryParameters_AreCamelCase()
    {
        var names = Document.Operations()
            .SelectMany(o => o.Operation["parameters"]?.AsArray() ?? [])
            .Where(p => (string?)p!["in"] == "query")
            .Select(p => (string)p!["name"]!)
            .ToList();

        Assert.Contains("actorId", names);
        Assert.Contains("pageSize", names);
        Assert.All(names, name => Assert.False(char.IsUpper(name[0]), $"query parameter {name} is camelCase"));
    }

    [Theory]
    [InlineData("audit_logs_export")]
    [InlineData("auth_events_export")]
    public void Exports_DocumentTheFiltersButNoPages(string operationId)
    {
        var names = Document.Operation(operationId)["parameters"]!.AsArray().Select(p => (string?)p!["name"]).ToList();

        Assert.Contains("from", names);
        Assert.DoesNotContain("page", names);
        Assert.DoesNotContain("pageSize", names);
    }

    [Fact]
    public void ReadmePaths_AllExistInTheDocument()
    {
        var readme = File.ReadAllText(RepositoryFiles.Path("README.md"));
        var documented = Document.Operations().Select(o => o.Path).ToHashSet(StringComparer.Ordinal);
        var paths = ReadmePath().Matches(readme).Select(m => m.Value.TrimEnd('.', '/')).Distinct(StringComparer.Ordinal).ToList();

        Assert.True(paths.Count >= 30, $"found {paths.Count} paths in README.md");
        var missing = paths.Where(path => path.EndsWith("/*", StringComparison.Ordinal)
                ? !documented.Any(d => d.StartsWith(path[..^1], StringComparison.Ordinal))
                : !documented.Contains(path))
            .ToList();
        Assert.True(missing.Count == 0, $"README.md names paths the OpenAPI document does not have (or spells their parameters differently): {string.Join(", ", missing)}");
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)+$")]
    private static partial Regex OperationIdPattern();

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex SchemaNamePattern();

    [GeneratedRegex(@"/api/v1/[A-Za-z0-9_.{}*/-]+")]
    private static partial Regex ReadmePath();
}
