using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Auth.ChangePassword;

internal sealed class ChangePasswordCommandHandler(
    IApplicationDbContext db,
    IPasswordHasher hasher,
    PasswordVerifier passwords,
    ISessionTerminator sessions,
    SessionOpener sessionOpener,
    IAuditTrail auditTrail,
    ActorContext actorContext,
    AuditScope auditScope,
    TimeProvider clock) : ICommandHandler<ChangePasswordCommand, Result<AccessTokenDto>>
{
    public async ValueTask<Result<AccessTokenDto>> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var user = await db.Users.FindAsync([actor.UserId], cancellationToken);
        if (user is null || !user.IsActive)
        {
            return Errors.Unauthenticated;
        }

        auditScope.SetTarget(UserErrors.TargetType, user.Id.ToString());
        if (!await passwords.VerifyAsync(command.CurrentPassword, user.PasswordHash, cancellationToken))
        {
            return AuthErrors.WrongCurrentPassword;
        }

        if (string.Equals(command.NewPassword.Trim(), user.Email, StringComparison.OrdinalIgnoreCase))
        {
            return AuthErrors.PasswordIsEmail;
        }

        user.ChangePassword(hasher.Hash(command.NewPassword), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);

        // Every session ends, this one included; the caller continues with the fresh one.
        await sessions.EndAllForUserAsync(user.Id, SessionEndReasons.PasswordChanged, cancellationToken);
        var opened = await sessionOpener.OpenAsync(user, actor.IpAddress, actor.UserAgent, familyId: null, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        await db.SaveChangesAsync(cancellationToken);
        auditTrail.AddAuthEvent(
            new AuthEventEntry(AuthEventType.PasswordChanged, user.Id, null, null, null, actor.IpAddress, actor.UserAgent));
        return opened.Value;
    }
}
