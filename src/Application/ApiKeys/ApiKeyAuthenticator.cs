using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Application.ApiKeys;

/// <summary>Checks a presented API key. Used by the Api's <c>ApiKey</c> authentication scheme.</summary>
public interface IApiKeyAuthenticator
{
    /// <summary>The key's id and scopes when it is valid, unexpired and not revoked; otherwise null.</summary>
    Task<AuthenticatedApiKey?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken);

    /// <summary>Whether key <paramref name="id"/> still exists, is unexpired and not revoked (a long-lived connection's check).</summary>
    Task<bool> IsUsableAsync(Guid id, CancellationToken cancellationToken);
}

public sealed record AuthenticatedApiKey(Guid Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt);

internal sealed class ApiKeyAuthenticator(IApplicationDbContext db, TimeProvider clock) : IApiKeyAuthenticator
{
    /// <summary>Last-used time is written at most this often per key, to keep authentication read-mostly.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<AuthenticatedApiKey?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryReadPrefix(presentedKey, out var prefix))
        {
            return null;
        }

        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        var now = clock.GetUtcNow();
        if (key is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ApiKeyFormat.Hash(presentedKey)), Encoding.ASCII.GetBytes(key.SecretHash))
            || !key.IsUsableAt(now))
        {
            return null;
        }

        if (key.LastUsedAt is null || now - key.LastUsedAt >= LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        return new AuthenticatedApiKey(key.Id, key.Name, key.ScopeList, key.ExpiresAt);
    }

    public async Task<bool> IsUsableAsync(Guid id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        return key is not null && key.IsUsableAt(clock.GetUtcNow());
    }
}
