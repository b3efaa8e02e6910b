using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.ApiKeys.RevokeApiKey;

internal sealed class RevokeApiKeyCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<RevokeApiKeyCommand, Result<ApiKeyDto>>
{
    public async ValueTask<Result<ApiKeyDto>> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FindAsync([command.Id], cancellationToken);
        if (key is null)
        {
            return ApiKeyErrors.NotFound(command.Id);
        }

        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return ApiKeyDto.From(key);
    }
}
