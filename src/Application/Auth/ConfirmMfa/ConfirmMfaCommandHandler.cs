using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Auth.ConfirmMfa;

internal sealed class ConfirmMfaCommandHandler(
    IApplicationDbContext db,
    MfaVerifier mfa,
    IAuditTrail auditTrail,
    ISessionTerminator sessions,
    ActorContext actorContext,
    AuditScope auditScope,
    TimeProvider clock) : ICommandHandler<ConfirmMfaCommand, Result<MfaRecoveryCodesDto>>
{
    public async ValueTask<Result<MfaRecoveryCodesDto>> Handle(ConfirmMfaCommand command, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var user = await db.Users.FindAsync([actor.UserId], cancellationToken);
        if (user is null || !user.IsActive)
        {
            return Errors.Unauthenticated;
        }

        auditScope.SetTarget(UserErrors.TargetType, user.Id.ToString());
        if (user.MfaEnabled)
        {
            return MfaErrors.AlreadyEnabled;
        }

        if (user.MfaSecret is null)
        {
            return MfaErrors.NotPending;
        }

        var step = mfa.MatchStep(user, command.Code);
        if (step is null)
        {
            auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.MfaFailed, user.Id, null, null, "confirm_wrong_code", actor.IpAddress, actor.UserAgent));
            return MfaErrors.InvalidCode;
        }

        var (codes, hashes) = MfaVerifier.NewRecoveryCodes();
        user.EnableMfa(step.Value, hashes, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);

        // Sessions opened without the second factor end, this one included: from now on the user signs in with MFA.
        await sessions.EndAllForUserAsync(user.Id, SessionEndReasons.MfaEnabled, cancellationToken);
        auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.MfaEnabled, user.Id, null, null, null, actor.IpAddress, actor.UserAgent));
        return new MfaRecoveryCodesDto(codes);
    }
}
