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
/// <c>auth_events</c> only. Repeated wrong passwords lock the account for a while (423); the failures are
/// counted from <c>auth_events</c>, which every instance shares.
/// </summary>
internal sealed class LoginCommandHandler(
    IApplicationDbContext db,
    IPasswordHasher hasher,
    SessionOpener sessionOpener,
    IAuditTrail auditTrail,
    ActorContext actorContext,
    AuditScope auditScope,
    AuthenticationOptions options,
    TimeProvider clock,
    MfaVerifier mfa) : ICommandHandler<LoginCommand, Result<AccessTokenDto>>
{
    private const string WrongPassword = "wrong_password";

    public async ValueTask<Result<AccessTokenDto>> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var now = clock.GetUtcNow();
        var email = User.NormalizeEmail(command.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == email, cancellationToken);
        if (user is null)
        {
            hasher.VerifyAgainstDummy(command.Password);
            return Fail(null, email, "unknown_email", actor);
        }

        auditScope.SetTarget(Users.UserErrors.TargetType, user.Id.ToString());
        var lockedUntil = await LockedUntilAsync(user.Id, now, cancellationToken);
        var passwordMatches = hasher.Verify(command.Password, user.PasswordHash);
        if (lockedUntil is { } until)
        {
            Fail(user.Id, email, "locked", actor);
            return Locked(until - now);
        }

        if (!passwordMatches)
        {
            Fail(user.Id, email, WrongPassword, actor);
            if (await LockedUntilAsync(user.Id, now, cancellationToken, pendingFailures: 1) is { } newLock)
            {
                auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.AccountLocked, user.Id, email, null, $"until:{newLock:O}", actor.IpAddress, actor.UserAgent));
                return Locked(newLock - now);
            }

            return Errors.InvalidCredentials;
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

    private static Error Locked(TimeSpan retryAfter) =>
        Error.Locked("auth.account_locked", "Too many failed sign-ins: this account is locked for a while. Try again later.", retryAfter);

    /// <summary>
    /// The account is locked when the last <c>MaxFailedLogins</c> wrong passwords since the last successful
    /// sign-in all fall within one lockout window; the lock lasts one window from the last of them.
    /// <paramref name="pendingFailures"/> counts failures of this request that are not written yet.
    /// </summary>
    private async Task<DateTimeOffset?> LockedUntilAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken, int pendingFailures = 0)
    {
        var since = now - options.LockoutWindow;
        var lastSuccess = await db.AuthEvents.AsNoTracking()
            .Where(e => e.UserId == userId && e.Type == AuthEventType.LoginSucceeded && e.OccurredAt > since)
            .Select(e => (DateTimeOffset?)e.OccurredAt)
            .MaxAsync(cancellationToken);
        var from = lastSuccess is { } success && success > since ? success : since;
        var needed = options.MaxFailedLogins - pendingFailures;
        var failures = await db.AuthEvents.AsNoTracking()
            .Where(e => e.UserId == userId && e.Type == AuthEventType.LoginFailed && e.Reason == WrongPassword && e.OccurredAt > from)
            .OrderByDescending(e => e.OccurredAt)
            .Select(e => e.OccurredAt)
            .Take(Math.Max(needed, 1))
            .ToListAsync(cancellationToken);
        if (needed > 0 && failures.Count < needed)
        {
            return null;
        }

        var lastFailure = pendingFailures > 0 ? now : failures[0];
        var until = lastFailure + options.LockoutWindow;
        return until > now ? until : null;
    }
}
