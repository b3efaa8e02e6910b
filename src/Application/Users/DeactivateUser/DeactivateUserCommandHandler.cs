using Mediator;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Users.DeactivateUser;

internal sealed class DeactivateUserCommandHandler(IApplicationDbContext db, ISessionTerminator sessions, ActorContext actorContext, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<DeactivateUserCommand, Result<UserDto>>
{
    public async ValueTask<Result<UserDto>> Handle(DeactivateUserCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.FindAsync([command.Id], cancellationToken);
        if (user is null)
        {
            return Errors.UserNotFound(command.Id);
        }

        if (UserAccessRules.CheckApiKeyReach(actorContext.Current, auditScope, user.Role) is { } beyondKey)
        {
            return beyondKey;
        }

        if (await UserAccessRules.CheckAsync(db, actorContext.Current, user, user.Role, newActive: false, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        user.Deactivate(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await sessions.EndAllForUserAsync(user.Id, SessionEndReasons.Deactivated, cancellationToken);
        return user.ToDto();
    }
}
