using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Users.ForceLogoutUser;

internal sealed class ForceLogoutUserCommandHandler(IApplicationDbContext db, ISessionTerminator sessions, IAuditTrail auditTrail, ActorContext actorContext)
    : ICommandHandler<ForceLogoutUserCommand, Result<ForceLogoutResult>>
{
    public async ValueTask<Result<ForceLogoutResult>> Handle(ForceLogoutUserCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == command.Id, cancellationToken))
        {
            return Errors.UserNotFound(command.Id);
        }

        var revoked = await sessions.EndAllForUserAsync(command.Id, cancellationToken);
        var actor = actorContext.Current;
        auditTrail.AddAuthEvent(
            new AuthEventEntry(AuthEventType.ForcedLogout, command.Id, null, actor.UserId, $"revoked_sessions:{revoked}", actor.IpAddress, actor.UserAgent));
        return new ForceLogoutResult(command.Id, revoked);
    }
}
