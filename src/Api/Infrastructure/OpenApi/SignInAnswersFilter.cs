using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Auth.Login;

namespace WhatsSuite.Api.Infrastructure.OpenApi;

/// <summary>
/// One C# type, <see cref="AccessTokenDto"/>, carries two different answers: a signed-in session (every
/// token member present) and, from the first sign-in step of an account with MFA, a challenge. The
/// document tells them apart so that a generated client gets a non-optional <c>accessToken: string</c>:
/// <c>AccessToken</c> (refresh, change-password, the MFA step), <c>MfaChallenge</c>, and
/// <c>SignInAnswer</c> = one of the two, for <c>POST /api/v1/auth/login</c>, told apart by <c>mfaRequired</c>.
/// </summary>
internal sealed class SignInAnswersFilter : IOperationFilter, IDocumentFilter
{
    public const string AccessTokenSchema = "AccessToken";
    public const string MfaChallengeSchema = "MfaChallenge";
    public const string SignInAnswerSchema = "SignInAnswer";
    private const string ChallengeToken = "challengeToken";
    private const string MfaRequired = "mfaRequired";
    private const string ExpiresIn = "expiresIn";

    /// <summary>The first sign-in step answers either a session or an MFA challenge.</summary>
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var isFirstStep = context.ApiDescription.ParameterDescriptions.Any(p => p.Source == BindingSource.Body && p.Type == typeof(LoginCommand));
        if (!isFirstStep || operation.Responses is null)
        {
            return;
        }

        foreach (var response in operation.Responses.Values)
        {
            foreach (var media in (response.Content ?? new Dictionary<string, IOpenApiMediaType>()).Values.OfType<OpenApiMediaType>())
            {
                if (media.Schema is OpenApiSchemaReference { Reference.Id: AccessTokenSchema })
                {
                    media.Schema = new OpenApiSchemaReference(SignInAnswerSchema, context.Document);
                }
            }
        }
    }

    /// <summary>Runs after <see cref="SchemaContractFilter"/>: shapes the session and adds the challenge and the union.</summary>
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        if (document.Components?.Schemas is not { } schemas || !schemas.TryGetValue(AccessTokenSchema, out var generated) || generated is not OpenApiSchema session)
        {
            return;
        }

        session.Description = "A signed-in session: a short-lived bearer access token (`expiresIn` seconds) and a single-use refresh token (`refreshExpiresIn` seconds).";
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var (name, property) in session.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (name == ChallengeToken)
            {
                continue;
            }

            properties[name] = name == MfaRequired ? Literal(false) : SchemaContractFilter.WithNullable(property, nullable: false, schemas);
        }

        session.Properties = properties;
        session.Required = new HashSet<string>(properties.Keys, StringComparer.Ordinal);

        schemas[MfaChallengeSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "The first sign-in step of an account with MFA: send `challengeToken` with a TOTP code or a recovery code to POST /api/v1/auth/login/mfa within `expiresIn` seconds.",
            Required = new HashSet<string>(StringComparer.Ordinal) { MfaRequired, ChallengeToken, ExpiresIn },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                [MfaRequired] = Literal(true),
                [ChallengeToken] = new OpenApiSchema { Type = JsonSchemaType.String },
                [ExpiresIn] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            },
        };
        schemas[SignInAnswerSchema] = new OpenApiSchema
        {
            Description = "A session (`mfaRequired: false`), or for an account with MFA a challenge for the second step (`mfaRequired: true`).",
            OneOf = [new OpenApiSchemaReference(AccessTokenSchema, document), new OpenApiSchemaReference(MfaChallengeSchema, document)],
        };
    }

    private static OpenApiSchema Literal(bool value) => new()
    {
        Type = JsonSchemaType.Boolean,
        Enum = [System.Text.Json.Nodes.JsonValue.Create(value)],
    };
}
