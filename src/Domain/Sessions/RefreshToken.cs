namespace WhatsSuite.Domain.Sessions;

/// <summary>
/// An opaque refresh token, stored only as its SHA-256 hash. Tokens rotate: each use marks the token used
/// and issues the next one in the same family. A used token presented again means it was stolen, and the
/// whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    private RefreshToken()
    {
        TokenHash = string.Empty;
        SessionId = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>All tokens descending from one login share a family.</summary>
    public Guid FamilyId { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string TokenHash { get; private set; }

    /// <summary>The access-token session (<c>jti</c>) issued together with this token.</summary>
    public string SessionId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public static RefreshToken Issue(Guid userId, Guid familyId, string tokenHash, string sessionId, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        if (expiresAt <= createdAt)
        {
            throw new ArgumentException("A refresh token must expire after it is issued.", nameof(expiresAt));
        }

        return new RefreshToken
        {
            Id = Guid.CreateVersion7(createdAt),
            UserId = userId,
            FamilyId = familyId,
            TokenHash = tokenHash,
            SessionId = sessionId,
            CreatedAt = createdAt,
            ExpiresAt = expiresAt,
        };
    }

    public bool IsUsableAt(DateTimeOffset now) => UsedAt is null && RevokedAt is null && ExpiresAt > now;
}
