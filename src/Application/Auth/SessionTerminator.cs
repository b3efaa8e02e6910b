using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Auth;

/// <summary>
/// Ends sessions completely: the access-token session and the refresh-token family that could mint new
/// ones. Every logout, forced logout, deactivation, role change, MFA change and password change goes
/// through here: it is the one place where "a user's sessions ended" happens, so anything else bound to a
/// session (a real-time desk connection) is closed from here too (see ADR 0014 and ADR 0023).
/// </summary>
internal interface ISessionTerminator
{
    Task EndSessionAsync(string jti, CancellationToken cancellationToken);

    Task EndSessionOnlyAsync(string jti, CancellationToken cancellationToken);

    Task<int> EndFamilyAsync(Guid familyId, CancellationToken cancellationToken);

    /// <summary>
    /// Ends every session and refresh token of a user, because of <paramref name="reason"/> (one of
    /// <see cref="SessionEndReasons"/>), and records a <c>SessionsEnded</c> authentication event. Returns
    /// the number of access sessions ended. Call it after saving the change to the user, in the same
    /// transaction: a sign-in racing the change is then either refused by <see cref="SessionOpener"/> or
    /// holds the user's row until it has committed its session, which this call then ends.
    /// </summary>
    Task<int> EndAllForUserAsync(Guid userId, string reason, CancellationToken cancellationToken);
}

/// <summary>Why all of a user's sessions ended, as recorded in the <c>SessionsEnded</c> authentication event.</summary>
internal static class SessionEndReasons
{
    public const string ForcedLogout = "forced_logout";
    public const string Deactivated = "deactivated";
    public const string RoleChanged = "role_changed";
    public const string PasswordChanged = "password_changed";
    public const string MfaEnabled = "mfa_enabled";
    public const string MfaDisabled = "mfa_disabled";
}

/// <inheritdoc cref="ISessionTerminator"/>
internal sealed class SessionTerminator(
    ISessionStore sessions,
    IApplicationDbContext db,
    IAuditTrail auditTrail,
    ActorContext actorContext,
    ISessionEndSignal sessionEnded,
    AfterCommit afterCommit,
    TimeProvider clock) : ISessionTerminator
{
    /// <summary>Ends one session and the refresh-token family it belongs to.</summary>
    public async Task EndSessionAsync(string jti, CancellationToken cancellationToken)
    {
        var family = await db.RefreshTokens.Where(t => t.SessionId == jti).Select(t => (Guid?)t.FamilyId).FirstOrDefaultAsync(cancellationToken);
        if (family is { } familyId)
        {
            await EndFamilyAsync(familyId, cancellationToken);
        }
        else
        {
            await sessions.RevokeAsync(jti, cancellationToken);
            CloseConnections(null, [jti]);
        }
    }

    /// <summary>Ends one access-token session, leaving its refresh-token family alive (rotation).</summary>
    public Task EndSessionOnlyAsync(string jti, CancellationToken cancellationToken) => sessions.RevokeAsync(jti, cancellationToken);

    /// <summary>Ends every session of a refresh-token family; returns the number of access sessions ended.</summary>
    public async Task<int> EndFamilyAsync(Guid familyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var jtis = await db.RefreshTokens.Where(t => t.FamilyId == familyId).Select(t => t.SessionId).ToListAsync(cancellationToken);
        await db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
        var ended = 0;
        foreach (var jti in jtis)
        {
            ended += await sessions.RevokeAsync(jti, cancellationToken) ? 1 : 0;
        }

        CloseConnections(null, jtis);
        return ended;
    }

    public async Task<int> EndAllForUserAsync(Guid userId, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var now = clock.GetUtcNow();
        await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
        var ended = await sessions.RevokeAllForUserAsync(userId, cancellationToken);
        CloseConnections(userId, []);
        var actor = actorContext.Current;
        auditTrail.AddAuthEvent(new AuthEventEntry(AuthEventType.SessionsEnded, userId, null, actor.UserId, $"{reason};sessions:{ended}", actor.IpAddress, actor.UserAgent));
        return ended;
    }

    /// <summary>
    /// Closes the real-time connections of the ended sessions on every instance: at once (the Redis session store has
    /// already revoked them) and again after the commit (the database session store revokes them in the transaction,
    /// so a reconnection in between would still have been accepted).
    /// </summary>
    private void CloseConnections(Guid? userId, IReadOnlyCollection<string> jtis)
    {
        sessionEnded.Ended(userId, jtis);
        afterCommit.Add(() => sessionEnded.Ended(userId, jtis));
    }
}
