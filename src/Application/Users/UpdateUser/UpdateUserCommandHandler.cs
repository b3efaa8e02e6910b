using Mediator;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Users.UpdateUser;

internal sealed class UpdateUserCommandHandler(IApplicationDbContext db, ISessionTerminator sessions, ActorContext actorContext, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<UpdateUserCommand, Result<UserDto>>
{
    public async ValueTask<Result<UserDto>> Handle(UpdateUserCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.FindAsync([command.Id], cancellationToken);
        if (user is null)
        {
            return Errors.UserNotFound(command.Id);
        }

        var role = command.Role!.Value;
        var active = command.IsActive!.Value;
        if (UserAccessRules.CheckApiKeyReach(actorContext.Current, auditScope, user.Role, role) is { } beyondKey)
        {
            return beyondKey;
        }

        if (await UserAccessRules.CheckAsync(db, actorContext.Current, user, role, active, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        var roleChanged = user.Role != role;
        user.UpdateProfile(command.FullName, role, now);
        var deactivated = false;
        if (active)
        {
            user.Activate(now);
        }
        else
        {
            deactivated = user.Deactivate(now);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (deactivated || roleChanged)
        {
            // A session carries the role it was opened with: a new role needs a new sign-in.
            await sessions.EndAllForUserAsync(user.Id, deactivated ? SessionEndReasons.Deactivated : SessionEndReasons.RoleChanged, cancellationToken);
        }

        return user.ToDto();
    }
}
