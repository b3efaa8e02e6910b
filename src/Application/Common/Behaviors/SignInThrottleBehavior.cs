using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// Throttles sign-in attempts (<see cref="ISignInAttempt"/>) per e-mail, between the audit and the transaction,
/// so its counts are written outside the command's transaction and survive its rollback. Everything is keyed on
/// the normalised e-mail, never on whether an account has it, so an unknown e-mail is counted and locked exactly
/// like a real one (same statuses, bodies, headers and number of password verifications):
/// <list type="number">
/// <item>A budget of attempts per e-mail (<see cref="AuthenticationOptions.MaxEmailAttempts"/>), in the shared
/// rate-limit store: over it, 429 <c>auth.too_many_attempts</c>. When the store is unavailable it is skipped.</item>
/// <item>The lockout: each attempt reserves a failure atomically before its password is checked
/// (<see cref="ISignInFailureCounter"/>). An attempt over <see cref="AuthenticationOptions.MaxFailedLogins"/> is
/// refused with 423 without verifying anything; the attempt that fails as the last allowed one locks the e-mail
/// (423 and <c>AccountLocked</c>). A success clears the count; an attempt that throws gives its place back.</item>
/// </list>
/// So at most <c>LOGIN_MAX_FAILED_ATTEMPTS</c> passwords are ever verified for an e-mail per lock window,
/// whatever the concurrency and however many instances.
/// </summary>
public sealed partial class SignInThrottleBehavior<TMessage, TResponse>(
    ISignInFailureCounter failures,
    IRateLimitStore budgets,
    IApplicationDbContext db,
    IAuditTrail auditTrail,
    ActorContext actorContext,
    AuditScope auditScope,
    AuthenticationOptions options,
    TimeProvider clock,
    ILogger<SignInThrottleBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand, ISignInAttempt
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var email = User.NormalizeEmail(message.SignInEmail);
        var key = SignInThrottle.AccountKey(email);
        var now = clock.GetUtcNow();

        if (await OverEmailBudgetAsync(key, cancellationToken) is { } wait)
        {
            await RecordRefusalAsync(email, "throttled", cancellationToken);
            return ResultFailure<TResponse>.Create(Errors.TooManySignInAttempts(wait));
        }

        var reservation = await failures.ReserveAsync(key, options.MaxFailedLogins, options.LockoutWindow, now, cancellationToken);
        if (reservation.Count > options.MaxFailedLogins)
        {
            await RecordRefusalAsync(email, "locked", cancellationToken);
            return ResultFailure<TResponse>.Create(Errors.AccountLocked(reservation.ExpiresAt - now));
        }

        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch
        {
            await ReleaseAsync(key);
            throw;
        }

        if (response is IResultState { IsSuccess: true })
        {
            await failures.ClearAsync(key, CancellationToken.None);
            return response;
        }

        if (reservation.Count >= options.MaxFailedLogins && response is IResultState { Error.Type: ErrorType.Unauthorized })
        {
            var actor = actorContext.Current;
            auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.AccountLocked, TargetUserId(), email, null, $"until:{reservation.ExpiresAt:O}", actor.IpAddress, actor.UserAgent));
            return ResultFailure<TResponse>.Create(Errors.AccountLocked(reservation.ExpiresAt - now));
        }

        return response;
    }

    private async Task<TimeSpan?> OverEmailBudgetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var hit = await budgets.HitAsync($"signin-email:{key}", options.EmailAttemptWindow, cancellationToken);
            return hit.Count > options.MaxEmailAttempts ? hit.ResetsIn : null;
        }
        catch (DependencyUnavailableException exception)
        {
            // The lockout below still bounds the guesses; the budget comes back with the store.
            LogBudgetUnavailable(logger, exception);
            return null;
        }
    }

    /// <summary>A refusal before the handler: the same lookup and the same event whether or not the e-mail has an account.</summary>
    private async Task RecordRefusalAsync(string email, string reason, CancellationToken cancellationToken)
    {
        var userId = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == email)
            .Select(u => (Guid?)u.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (userId is { } id)
        {
            auditScope.SetTarget(Users.UserErrors.TargetType, id.ToString());
        }

        var actor = actorContext.Current;
        auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.LoginFailed, userId, email, null, reason, actor.IpAddress, actor.UserAgent));
    }

    private Guid? TargetUserId() =>
        auditScope.TargetType == Users.UserErrors.TargetType && Guid.TryParse(auditScope.TargetId, out var id) ? id : null;

    private async Task ReleaseAsync(string key)
    {
        try
        {
            await failures.ReleaseAsync(key, CancellationToken.None);
        }
        // The original failure is what the caller must see; a lost release only costs one counted attempt.
        catch (Exception exception)
        {
            LogReleaseFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = LogEvents.SignInBudgetUnavailable, Level = LogLevel.Warning, Message = "The per-e-mail sign-in budget is unavailable; the attempt was not counted against it")]
    private static partial void LogBudgetUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEvents.SignInFailurePlaceNotReturned, Level = LogLevel.Warning, Message = "A sign-in attempt that ended in a fault could not give its place back in the failure count")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}

/// <summary>The keys of the sign-in throttle.</summary>
public static class SignInThrottle
{
    /// <summary>The counter key of an e-mail: its SHA-256, so that the counts never hold e-mail addresses.</summary>
    public static string AccountKey(string normalizedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));
}
