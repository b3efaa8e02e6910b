using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Auth.LoginWithMfa;

internal sealed class LoginWithMfaCommandHandler(
    IApplicationDbContext db,
    IMfaChallengeStore challenges,
    MfaVerifier mfa,
    SessionOpener sessionOpener,
    IAuditTrail auditTrail,
    ActorContext actorContext,
    AuditScope auditScope,
    TimeProvider clock) : ICommandHandler<LoginWithMfaCommand, Result<AccessTokenDto>>
{
    public async ValueTask<Result<AccessTokenDto>> Handle(LoginWithMfaCommand command, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        if (!MfaVerifier.TryReadChallenge(command.ChallengeToken, out var userId, out var hash))
        {
            return MfaErrors.ChallengeFailed;
        }

        // First, before this command's transaction reads anything: the challenge is used up even if the code is wrong.
        var challengeValid = await challenges.ConsumeAsync(userId, hash, clock.GetUtcNow(), cancellationToken);
        var user = await db.Users.FindAsync([userId], cancellationToken);
        if (user is null)
        {
            return MfaErrors.ChallengeFailed;
        }

        auditScope.SetTarget(UserErrors.TargetType, user.Id.ToString());
        user.ConsumeMfaChallenge(hash, clock.GetUtcNow());
        var usedRecoveryCode = command.RecoveryCode is not null;
        string? failure = !challengeValid
            ? "invalid_challenge"
            : !user.IsActive || !user.MfaEnabled
                ? "inactive_or_mfa_off"
                : usedRecoveryCode
                    ? (MfaVerifier.TryUseRecoveryCode(user, command.RecoveryCode!) ? null : "wrong_recovery_code")
                    : mfa.CheckCode(user, command.Code ?? string.Empty);
        if (failure is not null)
        {
            auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.MfaFailed, user.Id, user.NormalizedEmail, null, failure, actor.IpAddress, actor.UserAgent));
            return MfaErrors.ChallengeFailed;
        }

        user.RecordLogin(clock.GetUtcNow());
        var opened = await sessionOpener.OpenAsync(user, actor.IpAddress, actor.UserAgent, familyId: null, cancellationToken);
        if (!opened.IsSuccess)
        {
            auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.MfaFailed, user.Id, user.NormalizedEmail, null, "account_changed", actor.IpAddress, actor.UserAgent));
            return opened.Error;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (usedRecoveryCode)
        {
            auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.RecoveryCodeUsed, user.Id, user.NormalizedEmail, null, null, actor.IpAddress, actor.UserAgent));
        }

        auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.LoginSucceeded, user.Id, user.NormalizedEmail, null, "mfa", actor.IpAddress, actor.UserAgent));
        return opened.Value;
    }
}
