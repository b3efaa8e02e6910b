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
/// Unknown e-mail, wrong password and inactive account all answer the same 401 after one bcrypt
/// verification, so neither the answer nor its timing tells which one it was. The reason goes to
/// <c>auth_events</c> only.
/// </summary>
internal sealed class LoginCommandHandler(
    IApplicationDbContext db,
    IPasswordHasher hasher,
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
        var email = User.NormalizeEmail(command.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == email, cancellationToken);

        string? failure;
        if (user is null)
        {
            hasher.VerifyAgainstDummy(command.Password);
            failure = "unknown_email";
        }
        else if (!hasher.Verify(command.Password, user.PasswordHash))
        {
            failure = "wrong_password";
        }
        else
        {
            failure = user.IsActive ? null : "inactive_user";
        }

        if (user is not null)
        {
            auditScope.SetTarget(Users.UserErrors.TargetType, user.Id.ToString());
        }

        if (failure is not null)
        {
            auditTrail.AddAuthEvent(
                new AuthEventEntry(AuthEventType.LoginFailed, user?.Id, email, null, failure, actor.IpAddress, actor.UserAgent));
            return Errors.InvalidCredentials;
        }

        if (user!.MfaEnabled)
        {
            // Second step: POST /api/v1/auth/login/mfa (LoginWithMfaCommand). No session yet.
            var challenge = mfa.StartChallenge(user);
            await db.SaveChangesAsync(cancellationToken);
            return AccessTokenDto.ForMfaChallenge(challenge, (int)MfaVerifier.ChallengeLifetime.TotalSeconds);
        }

        user.RecordLogin(clock.GetUtcNow());
        var token = await sessionOpener.OpenAsync(user, actor.IpAddress, actor.UserAgent, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        auditTrail.AddAuthEvent(
            new AuthEventEntry(AuthEventType.LoginSucceeded, user.Id, email, null, null, actor.IpAddress, actor.UserAgent));
        return token;
    }
}
