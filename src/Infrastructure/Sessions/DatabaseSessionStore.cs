using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Sessions;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Sessions;

/// <summary>
/// Sessions in the <c>user_sessions</c> table (embedded mode, or server mode without Redis). Writes join
/// the current command's transaction.
/// </summary>
internal sealed class DatabaseSessionStore(AppDbContext db, TimeProvider clock) : ISessionStore
{
    public async Task CreateAsync(SessionDescriptor session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        db.UserSessions.Add(UserSession.Open(session.Jti, session.UserId, session.CreatedAt, session.ExpiresAt, session.IpAddress, session.UserAgent,
            session.TokenHash ?? throw new ArgumentException("A session needs the hash of its access token.", nameof(session))));
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<SessionDescriptor?> FindActiveAsync(string jti, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.UserSessions.AsNoTracking()
            .Where(s => s.Jti == jti && s.RevokedAt == null && s.ExpiresAt > now)
            .Select(s => new SessionDescriptor(s.Jti, s.UserId, s.CreatedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.TokenHash))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(string jti, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var revoked = await db.UserSessions
            .Where(s => s.Jti == jti && s.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.RevokedAt, now), cancellationToken);
        return revoked > 0;
    }

    public async Task<IReadOnlyList<SessionDescriptor>> ListActiveForUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new SessionDescriptor(s.Jti, s.UserId, s.CreatedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.TokenHash))
            .ToListAsync(cancellationToken);
    }

    public Task<int> RevokeAllForUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.UserSessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.RevokedAt, now), cancellationToken);
    }
}
