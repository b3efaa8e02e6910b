namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// The active sessions, one per issued access token. Shared by every API instance (Redis in server mode,
/// the database in embedded mode), so a revocation is honoured at once everywhere and survives restarts.
/// </summary>
public interface ISessionStore
{
    Task CreateAsync(SessionDescriptor session, CancellationToken cancellationToken);

    /// <summary>The session of <paramref name="jti"/> while it is active (not revoked, not expired); otherwise null.</summary>
    Task<SessionDescriptor?> FindActiveAsync(string jti, CancellationToken cancellationToken);

    /// <summary>Revokes one session. Returns false when it was not active.</summary>
    Task<bool> RevokeAsync(string jti, CancellationToken cancellationToken);

    /// <summary>Revokes every active session of a user and returns how many there were.</summary>
    Task<int> RevokeAllForUserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The active sessions of a user, newest first.</summary>
    Task<IReadOnlyList<SessionDescriptor>> ListActiveForUserAsync(Guid userId, CancellationToken cancellationToken);
}

/// <summary>
/// One session. <see cref="TokenHash"/> is the SHA-256 of the one access token issued for it
/// (<see cref="Auth.SessionBinding"/>): a token is honoured only if it is exactly that token.
/// </summary>
public sealed record SessionDescriptor(string Jti, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent, string? TokenHash);
