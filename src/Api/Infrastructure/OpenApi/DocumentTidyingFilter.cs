using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WhatsSuite.Api.Infrastructure.OpenApi;

/// <summary>
/// Last touches: the server is the instance that serves the document (a relative URL, right behind any
/// proxy), and schemas that nothing refers to any more (the framework's problem types, replaced by
/// <c>ProblemDetails</c>) are left out.
/// </summary>
internal sealed class DocumentTidyingFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Servers = [new OpenApiServer { Url = "/", Description = "The WhatsSuite instance that serves this document." }];
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema>();
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => (p.Operations ?? []).Values))
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                Push(parameter.Schema);
            }

            foreach (var media in (operation.RequestBody?.Content ?? new Dictionary<string, IOpenApiMediaType>()).Values)
            {
                Push(media.Schema);
            }

            foreach (var media in (operation.Responses ?? []).Values.SelectMany(r => (r.Content ?? new Dictionary<string, IOpenApiMediaType>()).Values))
            {
                Push(media.Schema);
            }
        }

        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                if (used.Add(id) && schemas.TryGetValue(id, out var target))
                {
                    pending.Push(target);
                }

                continue;
            }

            foreach (var part in (schema.Properties?.Values ?? []).Concat(schema.AllOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []))
            {
                Push(part);
            }

            Push(schema.Items);
            Push(schema.AdditionalProperties);
        }

        foreach (var id in schemas.Keys.Where(id => !used.Contains(id)).ToList())
        {
            schemas.Remove(id);
        }

        void Push(IOpenApiSchema? schema)
        {
            if (schema is not null)
            {
                pending.Push(schema);
            }
        }
    }
}
