using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Auth.Login;

/// <summary>
/// Unknown e-mail, wrong password and inactive account all answer the same 401 after one password
/// verification, so neither the answer nor its timing tells which one it was. The reason goes to
/// <c>auth_events</c> only. Lockout and the per-e-mail budget are applied before this handler, keyed on the
/// e-mail alone (<see cref="Common.Behaviors.SignInThrottleBehavior{TMessage, TResponse}"/>); verifications run
/// through the instance's bounded <see cref="PasswordVerifier"/>.
/// </summary>
internal sealed class LoginCommandHandler(
    IApplicationDbContext db,
    PasswordVerifier passwords,
    SessionOpener sessionOpener,
    IAuditTrail auditTrail,
    ActorContext actorContext,
    AuditScope auditScope,
    TimeProvider clock,
    MfaVerifier mfa) : ICommandHandler<LoginCommand, Result<AccessTokenDto>>
{
    public async ValueTask<Result<AccessTokenDto>> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var now = clock.GetUtcNow();
        var email = User.NormalizeEmail(command.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == email, cancellationToken);
        if (user is null)
        {
            await passwords.VerifyAgainstDummyAsync(command.Password, cancellationToken);
            return Fail(null, email, "unknown_email", actor);
        }

        auditScope.SetTarget(Users.UserErrors.TargetType, user.Id.ToString());
        if (!await passwords.VerifyAsync(command.Password, user.PasswordHash, cancellationToken))
        {
            return Fail(user.Id, email, "wrong_password", actor);
        }

        if (!user.IsActive)
        {
            return Fail(user.Id, email, "inactive_user", actor);
        }

        if (user.MfaEnabled)
        {
            // Second step: POST /api/v1/auth/login/mfa (LoginWithMfaCommand). No session yet.
            var challenge = mfa.StartChallenge(user);
            await db.SaveChangesAsync(cancellationToken);
            return AccessTokenDto.ForMfaChallenge(challenge, (int)MfaVerifier.ChallengeLifetime.TotalSeconds);
        }

        user.RecordLogin(now);
        var opened = await sessionOpener.OpenAsync(user, actor.IpAddress, actor.UserAgent, familyId: null, cancellationToken);
        if (!opened.IsSuccess)
        {
            return Fail(user.Id, email, "account_changed", actor, opened.Error);
        }

        auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.LoginSucceeded, user.Id, email, null, null, actor.IpAddress, actor.UserAgent));
        return opened.Value;
    }

    private Error Fail(Guid? userId, string email, string reason, Actor actor, Error? answer = null)
    {
        auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.LoginFailed, userId, email, null, reason, actor.IpAddress, actor.UserAgent));
        return answer ?? Errors.InvalidCredentials;
    }
}
