using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WhatsSuite.Api.Infrastructure.OpenApi;

/// <summary>
/// Every <c>application/problem+json</c> answer, whatever its status, refers to one <c>ProblemDetails</c>
/// schema: the members every error carries (<c>status</c>, <c>code</c>, <c>traceId</c>) are required, and
/// <c>errors</c> (per-field messages) comes with 400 <c>validation_failed</c>.
/// </summary>
internal sealed class ProblemResponsesFilter : IOperationFilter
{
    public const string SchemaName = "ProblemDetails";
    public const string ContentType = "application/problem+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses is null)
        {
            return;
        }

        var hasProblems = false;
        foreach (var response in operation.Responses.Values)
        {
            if (response.Content is { } content && content.TryGetValue(ContentType, out var media) && media is OpenApiMediaType problem)
            {
                problem.Schema = new OpenApiSchemaReference(SchemaName, context.Document);
                hasProblems = true;
            }
        }

        if (hasProblems && !context.SchemaRepository.Schemas.ContainsKey(SchemaName))
        {
            context.SchemaRepository.AddDefinition(SchemaName, Schema());
        }
    }

    private static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An error answer (RFC 9457, application/problem+json). `code` is stable and meant for programs; `traceId` is also the answer's "
            + "X-Request-Id header and appears in every log line of the request. Some problems carry more members (for example `conversationId` with 409 conversations.already_active).",
        Required = new HashSet<string>(StringComparer.Ordinal) { "status", "code", "traceId" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = Text("A URI reference that identifies the kind of problem."),
            ["title"] = Text("A short summary of the kind of problem."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = Text("What went wrong with this request, for people."),
            ["instance"] = Text("The request path."),
            ["code"] = Text("Stable error code, for example `validation_failed`, `auth.invalid_credentials`, `users.not_found`, `rate_limited`."),
            ["traceId"] = Text("Identifies the request in the logs (quote it when reporting a 500)."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "400 only: the messages per field, keyed by the camelCase field path (or by a JSON path such as `$.role` when the body could not be read).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
