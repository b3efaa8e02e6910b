using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Application.Auth;

/// <summary>
/// Ends sessions completely: the access-token session and the refresh-token family that could mint new
/// ones. Every logout, forced logout, deactivation and password change goes through here.
/// </summary>
internal interface ISessionTerminator
{
    Task EndSessionAsync(string jti, CancellationToken cancellationToken);

    Task EndSessionOnlyAsync(string jti, CancellationToken cancellationToken);

    Task<int> EndFamilyAsync(Guid familyId, CancellationToken cancellationToken);

    Task<int> EndAllForUserAsync(Guid userId, CancellationToken cancellationToken);
}

/// <inheritdoc cref="ISessionTerminator"/>
internal sealed class SessionTerminator(ISessionStore sessions, IApplicationDbContext db, TimeProvider clock) : ISessionTerminator
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

        return ended;
    }

    /// <summary>Ends every session and refresh token of a user; returns the number of access sessions ended.</summary>
    public async Task<int> EndAllForUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
        return await sessions.RevokeAllForUserAsync(userId, cancellationToken);
    }
}
