using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Auth.RevokeSession;

internal sealed class RevokeSessionCommandHandler(ISessionStore sessions, ISessionTerminator terminator, IAuditTrail auditTrail, ActorContext actorContext)
    : ICommandHandler<RevokeSessionCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(RevokeSessionCommand command, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var own = await sessions.ListActiveForUserAsync(actor.UserId!.Value, cancellationToken);
        if (!own.Any(s => s.Jti == command.SessionId))
        {
            return AuthErrors.SessionNotFound;
        }

        await terminator.EndSessionAsync(command.SessionId, cancellationToken);
        auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.Logout, actor.UserId, null, null, "session_revoked_by_owner", actor.IpAddress, actor.UserAgent));
        return Unit.Value;
    }
}
