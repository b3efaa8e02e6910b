using Mediator;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.ApiKeys.RevokeApiKey;

/// <summary>
/// Revokes the key and, once that has committed, closes the desk connections opened with it on every instance (a
/// reconnection is refused from then on, as every request with the key is).
/// </summary>
internal sealed class RevokeApiKeyCommandHandler(IApplicationDbContext db, ISessionEndSignal sessionEnded, AfterCommit afterCommit, TimeProvider clock)
    : ICommandHandler<RevokeApiKeyCommand, Result<ApiKeyDto>>
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
        var id = key.Id;
        afterCommit.Add(() => sessionEnded.ApiKeyEnded(id));
        return ApiKeyDto.From(key);
    }
}
