using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Auth.DisableMfa;

internal sealed class DisableMfaCommandHandler(
    IApplicationDbContext db,
    PasswordVerifier passwords,
    MfaVerifier mfa,
    IAuditTrail auditTrail,
    ISessionTerminator sessions,
    ActorContext actorContext,
    AuditScope auditScope,
    TimeProvider clock) : ICommandHandler<DisableMfaCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DisableMfaCommand command, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var user = await db.Users.FindAsync([actor.UserId], cancellationToken);
        if (user is null || !user.IsActive)
        {
            return Errors.Unauthenticated;
        }

        auditScope.SetTarget(UserErrors.TargetType, user.Id.ToString());
        if (!user.MfaEnabled)
        {
            return MfaErrors.NotEnabled;
        }

        string? failure = !await passwords.VerifyAsync(command.Password, user.PasswordHash, cancellationToken)
            ? "wrong_password"
            : command.RecoveryCode is { } recoveryCode
                ? (MfaVerifier.TryUseRecoveryCode(user, recoveryCode) ? null : "wrong_recovery_code")
                : mfa.CheckCode(user, command.Code ?? string.Empty);
        if (failure is not null)
        {
            auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.MfaFailed, user.Id, null, null, "disable_" + failure, actor.IpAddress, actor.UserAgent));
            return MfaErrors.InvalidCode;
        }

        user.DisableMfa(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);

        // Sessions opened with the second factor end, this one included: whatever MFA granted them no longer holds.
        await sessions.EndAllForUserAsync(user.Id, SessionEndReasons.MfaDisabled, cancellationToken);
        if (command.RecoveryCode is not null)
        {
            auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.RecoveryCodeUsed, user.Id, null, null, null, actor.IpAddress, actor.UserAgent));
        }

        auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.MfaDisabled, user.Id, null, null, null, actor.IpAddress, actor.UserAgent));
        return Unit.Value;
    }
}
