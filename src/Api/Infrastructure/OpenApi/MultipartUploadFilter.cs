using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WhatsSuite.Api.Infrastructure.OpenApi;

/// <summary>
/// Marks an endpoint that reads a multipart/form-data body itself (a file upload streamed to storage). It is not
/// declared with <c>Accepts</c>: routing would then answer 415 to another content type before authentication, where
/// every operation answers 401 to an anonymous caller first; the endpoint refuses other content types itself.
/// </summary>
internal sealed class MultipartFileUpload(string partName, string description)
{
    public string PartName { get; } = partName;

    public string Description { get; } = description;
}

/// <summary>Documents the request body of endpoints marked <see cref="MultipartFileUpload"/>: multipart/form-data with one required binary part.</summary>
internal sealed class MultipartUploadFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<MultipartFileUpload>().FirstOrDefault() is not { } upload)
        {
            return;
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
            {
                ["multipart/form-data"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { upload.PartName },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            [upload.PartName] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = upload.Description },
                        },
                    },
                },
            },
        };
    }
}
