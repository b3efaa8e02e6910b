using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>
/// Checks a JSON value against an OpenAPI 3.0 schema of the document, for the keywords the document uses:
/// <c>$ref</c>, <c>allOf</c>, <c>oneOf</c>, <c>type</c>, <c>nullable</c>, <c>required</c>, <c>properties</c>,
/// <c>additionalProperties</c>, <c>items</c>, <c>enum</c> and the <c>uuid</c> and <c>date-time</c> formats.
/// </summary>
public static class SchemaConformance
{
    /// <summary>Every way the value breaks the schema, as "path: problem" lines (empty when it conforms).</summary>
    public static List<string> Check(OpenApiDocument document, JsonObject schema, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = new List<string>();
        Check(document, schema, value, "$", problems);
        return problems;
    }

    private static void Check(OpenApiDocument document, JsonObject schema, JsonNode? value, string path, List<string> problems)
    {
        if (schema["$ref"] is not null)
        {
            Check(document, document.Resolve(schema), value, path, problems);
            return;
        }

        if (value is null)
        {
            var anything = schema.Count == 0 || (schema.Count == 1 && schema.ContainsKey("description"));
            if (schema["nullable"]?.GetValue<bool>() != true && !anything)
            {
                problems.Add($"{path}: null, but the schema does not allow null");
            }

            return;
        }

        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            Check(document, part!.AsObject(), value, path, problems);
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var matches = oneOf.Count(option => Check(document, option!.AsObject(), value).Count == 0);
            if (matches != 1)
            {
                problems.Add($"{path}: matches {matches} of the oneOf options instead of exactly one");
            }
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            problems.Add($"{path}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        switch ((string?)schema["type"])
        {
            case "object":
                CheckObject(document, schema, value, path, problems);
                break;
            case "array":
                if (value is not JsonArray array)
                {
                    problems.Add($"{path}: expected an array, got {value.GetValueKind()}");
                    break;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    Check(document, schema["items"]!.AsObject(), array[i], $"{path}[{i}]", problems);
                }

                break;
            case "string":
                CheckString(schema, value, path, problems);
                break;
            case "integer":
                if (value.GetValueKind() != JsonValueKind.Number || !long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add($"{path}: expected an integer, got {value.ToJsonString()}");
                }

                break;
            case "number":
                if (value.GetValueKind() != JsonValueKind.Number)
                {
                    problems.Add($"{path}: expected a number, got {value.GetValueKind()}");
                }

                break;
            case "boolean":
                if (value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path}: expected a boolean, got {value.GetValueKind()}");
                }

                break;
        }
    }

    private static void CheckObject(OpenApiDocument document, JsonObject schema, JsonNode value, string path, List<string> problems)
    {
        if (value is not JsonObject obj)
        {
            problems.Add($"{path}: expected an object, got {value.GetValueKind()}");
            return;
        }

        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            if (!obj.ContainsKey((string)required!))
            {
                problems.Add($"{path}: the required member '{required}' is missing");
            }
        }

        var properties = schema["properties"]?.AsObject();
        foreach (var (name, member) in obj)
        {
            if (properties?[name] is JsonObject memberSchema)
            {
                Check(document, memberSchema, member, $"{path}.{name}", problems);
            }
            else if (schema["additionalProperties"] is JsonObject extra)
            {
                Check(document, extra, member, $"{path}.{name}", problems);
            }
            else if (schema["additionalProperties"] is JsonValue closed && !closed.GetValue<bool>())
            {
                problems.Add($"{path}: the member '{name}' is not in the schema, which allows no others");
            }
            else if (properties is not null && !IsProblemExtension(schema))
            {
                problems.Add($"{path}: the member '{name}' is not documented");
            }
        }
    }

    /// <summary>Problem answers may carry extension members (RFC 9457); other objects document every member they send.</summary>
    private static bool IsProblemExtension(JsonObject schema) => schema["properties"]?["traceId"] is not null;

    private static void CheckString(JsonObject schema, JsonNode value, string path, List<string> problems)
    {
        if (value.GetValueKind() != JsonValueKind.String)
        {
            problems.Add($"{path}: expected a string, got {value.GetValueKind()}");
            return;
        }

        var text = value.GetValue<string>();
        var valid = (string?)schema["format"] switch
        {
            "uuid" => Guid.TryParse(text, out _),
            "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
            _ => true,
        };
        if (!valid)
        {
            problems.Add($"{path}: '{text}' is not a valid {schema["format"]}");
        }
    }
}
