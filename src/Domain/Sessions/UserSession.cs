namespace WhatsSuite.Domain.Sessions;

/// <summary>
/// One issued access token (its <c>jti</c>). A token is honoured only while its session is active:
/// not revoked and not expired.
/// </summary>
public sealed class UserSession
{
    private UserSession()
    {
        Jti = string.Empty;
    }

    public string Jti { get; private set; }

    public Guid UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? IpAddress { get; private set; }

    public string? UserAgent { get; private set; }

    /// <summary>SHA-256 (hex) of the one access token issued for this session; a token is honoured only if it hashes to this.</summary>
    public string? TokenHash { get; private set; }

    public static UserSession Open(string jti, Guid userId, DateTimeOffset createdAt, DateTimeOffset expiresAt, string? ipAddress, string? userAgent, string tokenHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jti);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        if (expiresAt <= createdAt)
        {
            throw new ArgumentException("A session must expire after it is created.", nameof(expiresAt));
        }

        return new UserSession
        {
            Jti = jti,
            UserId = userId,
            CreatedAt = createdAt,
            ExpiresAt = expiresAt,
            IpAddress = ipAddress,
            UserAgent = userAgent,
            TokenHash = tokenHash,
        };
    }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    /// <summary>Revokes the session; revoking twice keeps the first time.</summary>
    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
