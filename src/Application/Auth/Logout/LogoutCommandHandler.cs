using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Auth.Logout;

internal sealed class LogoutCommandHandler(ISessionTerminator sessions, IAuditTrail auditTrail, ActorContext actorContext, AuditScope auditScope)
    : ICommandHandler<LogoutCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        if (actor.SessionId is not { } jti)
        {
            return Errors.Unauthenticated;
        }

        await sessions.EndSessionAsync(jti, cancellationToken);
        auditScope.SetTarget("session", jti);
        auditTrail.AddAuthEvent(
            new AuthEventEntry(AuthEventType.Logout, actor.UserId, null, null, null, actor.IpAddress, actor.UserAgent));
        return Unit.Value;
    }
}
