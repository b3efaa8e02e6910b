namespace WhatsSuite.Domain.ApiKeys;

/// <summary>
/// A key an integration uses instead of a user's sign-in. Only its SHA-256 hash is stored; the key itself
/// is shown once, at creation. It acts only within its scopes, until it expires or is revoked.
/// </summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 100;

    private ApiKey()
    {
        Name = string.Empty;
        Prefix = string.Empty;
        SecretHash = string.Empty;
        Scopes = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>Public part of the key, used to find it; unique.</summary>
    public string Prefix { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the whole key.</summary>
    public string SecretHash { get; private set; }

    /// <summary>Space-separated scope names, sorted.</summary>
    public string Scopes { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static ApiKey Create(string name, string prefix, string secretHash, IEnumerable<string> scopes, Guid createdBy, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(secretHash);
        ArgumentNullException.ThrowIfNull(scopes);
        var scopeList = scopes.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (scopeList.Count == 0)
        {
            throw new ArgumentException("An API key needs at least one scope.", nameof(scopes));
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new ArgumentException("An API key must expire in the future.", nameof(expiresAt));
        }

        return new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = name.Trim(),
            Prefix = prefix,
            SecretHash = secretHash,
            Scopes = string.Join(' ', scopeList),
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
    }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    /// <summary>Revokes the key; revoking twice keeps the first time. Returns false when it was already revoked.</summary>
    public bool Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return false;
        }

        RevokedAt = now;
        return true;
    }
}
