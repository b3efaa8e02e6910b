using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.ApiKeys;

namespace WhatsSuite.Application.ApiKeys.CreateApiKey;

internal sealed class CreateApiKeyCommandHandler(IApplicationDbContext db, ActorContext actorContext, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<CreateApiKeyCommand, Result<CreatedApiKeyDto>>
{
    public async ValueTask<Result<CreatedApiKeyDto>> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        if (command.Scopes.Contains(Scopes.UsersAdmin) && !actor.MfaAuthenticated)
        {
            // A key with users:admin can create ADMINs: granting it takes the strongest sign-in there is.
            auditScope.Deny("users_admin_requires_mfa");
            return ApiKeyErrors.UsersAdminNeedsMfa;
        }

        var (prefix, key) = ApiKeyFormat.NewKey();
        var apiKey = ApiKey.Create(command.Name, prefix, ApiKeyFormat.Hash(key), command.Scopes, actor.UserId!.Value, clock.GetUtcNow(), command.ExpiresAt?.ToUniversalTime());
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(cancellationToken);
        auditScope.SetTarget("api_key", apiKey.Id.ToString());
        return new CreatedApiKeyDto(key, ApiKeyDto.From(apiKey));
    }
}
