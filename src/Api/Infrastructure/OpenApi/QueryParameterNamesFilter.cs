using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WhatsSuite.Api.Infrastructure.OpenApi;

/// <summary>
/// Query parameters bound from a record (<c>[AsParameters]</c>) are documented in camelCase, as the README
/// and every other parameter spell them (query-string keys are matched regardless of case).
/// </summary>
internal sealed class QueryParameterNamesFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is OpenApiParameter { In: ParameterLocation.Query, Name: { Length: > 0 } name } query && char.IsUpper(name[0]))
        {
            query.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
        }
    }
}
