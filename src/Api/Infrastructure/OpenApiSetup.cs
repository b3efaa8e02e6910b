using Microsoft.OpenApi;
using WhatsSuite.Api.Infrastructure.OpenApi;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.Infrastructure;

/// <summary>
/// The OpenAPI document and Swagger UI. The document is a contract for client generators: every operation
/// has a stable <c>operationId</c>, schema names are plain identifiers, <c>required</c> and nullability say
/// what the API really sends and accepts, and every error answer is one <c>ProblemDetails</c> schema
/// (see docs/decisions/0017-openapi-contract.md).
/// </summary>
internal static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";
    public const string DocumentName = "v1";
    public const string DocumentPath = "/swagger/" + DocumentName + "/swagger.json";

    public static IServiceCollection AddWhatsSuiteOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "WhatsSuite API",
                Version = "v1",
                Description = "WhatsApp customer service for teams. Sign in with POST /api/v1/auth/login, then use Authorize with the access token. "
                    + "Every error is application/problem+json (the ProblemDetails schema) with a stable `code` and a `traceId`; 400 answers carry per-field `errors`.",
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
            options.CustomOperationIds(OperationIds.For);
            options.CustomSchemaIds(SchemaNames.For);
            options.OperationFilter<BearerRequirementFilter>();
            options.OperationFilter<ProblemResponsesFilter>();
            options.OperationFilter<SignInAnswersFilter>();
            options.OperationFilter<MultipartUploadFilter>();
            options.ParameterFilter<QueryParameterNamesFilter>();
            options.DocumentFilter<SchemaContractFilter>();
            options.DocumentFilter<SignInAnswersFilter>();
            options.DocumentFilter<DocumentTidyingFilter>();
        });
        return services;
    }

    /// <summary>
    /// Serves the document at <see cref="DocumentPath"/> and Swagger UI at <c>/swagger</c>. With
    /// <c>OPENAPI_PUBLIC=false</c> Swagger UI is not served and the document answers only callers with a
    /// valid bearer token or API key (anyone else gets 401 <c>auth.unauthenticated</c>).
    /// </summary>
    public static WebApplication UseWhatsSuiteOpenApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var isPublic = new ConfigReader(app.Configuration).Bool("OPENAPI_PUBLIC", true);
        if (!isPublic)
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase)
                    && context.User.Identity?.IsAuthenticated != true)
                {
                    await Errors.Unauthenticated.ToProblem().ExecuteAsync(context);
                    return;
                }

                await next(context);
            });
        }

        app.UseSwagger();
        if (isPublic)
        {
            app.UseSwaggerUI(ui =>
            {
                ui.SwaggerEndpoint(DocumentPath, "WhatsSuite API v1");
                ui.EnablePersistAuthorization();
            });
        }

        return app;
    }
}
