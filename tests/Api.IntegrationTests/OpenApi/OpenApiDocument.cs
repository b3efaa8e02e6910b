using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>The served OpenAPI document, with the look-ups the contract tests need.</summary>
public sealed class OpenApiDocument(JsonObject root)
{
    public const string SchemaPrefix = "#/components/schemas/";

    public JsonObject Root { get; } = root;

    public JsonObject Schemas => Root["components"]!["schemas"]!.AsObject();

    public static async Task<OpenApiDocument> LoadAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var text = await client.GetStringAsync("/swagger/v1/swagger.json");
        return new OpenApiDocument(JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>Every operation: method (upper case), path, and the operation object.</summary>
    public IEnumerable<(string Method, string Path, JsonObject Operation)> Operations()
    {
        foreach (var (path, item) in Root["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is JsonObject op)
                {
                    yield return (method.ToUpperInvariant(), path, op);
                }
            }
        }
    }

    public JsonObject Operation(string operationId) =>
        Operations().Single(o => (string?)o.Operation["operationId"] == operationId).Operation;

    /// <summary>The schema an operation documents for a status and content type.</summary>
    public JsonObject ResponseSchema(string operationId, int status, string contentType = "application/json") =>
        Operation(operationId)["responses"]![status.ToString(CultureInfo.InvariantCulture)]!["content"]![contentType]!["schema"]!.AsObject();

    public JsonObject Resolve(JsonObject schema) =>
        schema["$ref"] is JsonValue reference ? Schemas[RefName((string)reference!)]!.AsObject() : schema;

    public static string RefName(string reference) =>
        reference.StartsWith(SchemaPrefix, StringComparison.Ordinal) ? reference[SchemaPrefix.Length..] : throw new InvalidOperationException($"Not a component reference: {reference}");

    /// <summary>The names of the component schemas reachable from the given schemas.</summary>
    public HashSet<string> ReachableSchemas(IEnumerable<JsonNode?> roots)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode>(roots.OfType<JsonNode>());
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["$ref"] is JsonValue reference)
                    {
                        var name = RefName((string)reference!);
                        if (seen.Add(name))
                        {
                            pending.Push(Schemas[name]!);
                        }

                        continue;
                    }

                    foreach (var (_, child) in obj)
                    {
                        if (child is not null)
                        {
                            pending.Push(child);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        if (child is not null)
                        {
                            pending.Push(child);
                        }
                    }

                    break;
            }
        }

        return seen;
    }

    public override string ToString() => Root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
