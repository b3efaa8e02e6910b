using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WhatsSuite.Api.Infrastructure;

internal static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";

    public static IServiceCollection AddWhatsSuiteOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "WhatsSuite API",
                Version = "v1",
                Description = "WhatsApp customer service for teams. Sign in with POST /api/v1/auth/login, then use Authorize with the access token. "
                    + "Every error is application/problem+json with a stable `code`; 400 answers carry per-field `errors`.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The accessToken from POST /api/v1/auth/login.",
            });
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "For integrations: `ApiKey <key>`, with a key created by an ADMIN at /api/v1/api-keys. The key acts within its scopes only.",
            });
            options.OperationFilter<BearerRequirementFilter>();
            options.CustomSchemaIds(type => type.FullName!.Replace("WhatsSuite.", string.Empty, StringComparison.Ordinal).Replace('+', '.'));
        });
        return services;
    }

    /// <summary>Marks every operation except the anonymous ones (login, health) as needing the bearer token.</summary>
    private sealed class BearerRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var anonymous = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any();
            if (anonymous)
            {
                return;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
            });
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [],
            });
        }
    }
}
