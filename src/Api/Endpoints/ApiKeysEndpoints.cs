using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.ApiKeys;
using WhatsSuite.Application.ApiKeys.CreateApiKey;
using WhatsSuite.Application.ApiKeys.ListApiKeys;
using WhatsSuite.Application.ApiKeys.RevokeApiKey;

namespace WhatsSuite.Api.Endpoints;

internal sealed class ApiKeysEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-keys").WithTags("API keys");

        group.MapPost("/", Create)
            .WithSummary("Create an API key for an integration (ADMIN)")
            .WithDescription("The answer's `key` is shown only this once; store it in the integration. Requests then send "
                + "`Authorization: ApiKey <key>`, act within the key's scopes, are audited as the key and are rate-limited on the key's own budget. "
                + "The users:admin scope (ADMIN and SUPERVISOR accounts) needs users:write on the same key and a caller signed in with MFA (403 api_keys.users_admin_requires_mfa).")
            .Produces<CreatedApiKeyDto>(StatusCodes.Status201Created)
            .ProducesAuthProblems(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/", List)
            .WithSummary("List API keys (ADMIN)")
            .Produces<IReadOnlyList<ApiKeyDto>>()
            .ProducesAuthProblems();

        group.MapPost("/{id:guid}/revoke", Revoke)
            .WithSummary("Revoke an API key (ADMIN)")
            .Produces<ApiKeyDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Create(CreateApiKeyCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToCreated(created => $"/api/v1/api-keys/{created.ApiKey.Id}");

    private static async Task<IResult> List(IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListApiKeysQuery(), ct)).ToOk();

    private static async Task<IResult> Revoke(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RevokeApiKeyCommand(id), ct)).ToOk();
}
