using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users.ForceLogoutUser;

internal sealed class ForceLogoutUserCommandHandler(IApplicationDbContext db, ISessionTerminator sessions, IAuditTrail auditTrail, ActorContext actorContext, AuditScope auditScope)
    : ICommandHandler<ForceLogoutUserCommand, Result<ForceLogoutResult>>
{
    public async ValueTask<Result<ForceLogoutResult>> Handle(ForceLogoutUserCommand command, CancellationToken cancellationToken)
    {
        var role = await db.Users.Where(u => u.Id == command.Id).Select(u => (Role?)u.Role).SingleOrDefaultAsync(cancellationToken);
        if (role is null)
        {
            return Errors.UserNotFound(command.Id);
        }

        var actor = actorContext.Current;
        if (UserAccessRules.CheckApiKeyReach(actor, auditScope, role.Value) is { } beyondKey)
        {
            return beyondKey;
        }

        var revoked = await sessions.EndAllForUserAsync(command.Id, SessionEndReasons.ForcedLogout, cancellationToken);
        auditTrail.AddAuthEvent(
            new AuthEventEntry(AuthEventType.ForcedLogout, command.Id, null, actor.UserId, $"revoked_sessions:{revoked}", actor.IpAddress, actor.UserAgent));
        return new ForceLogoutResult(command.Id, revoked);
    }
}
