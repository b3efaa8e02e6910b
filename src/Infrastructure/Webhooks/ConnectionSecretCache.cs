using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Webhooks;

/// <summary>
/// Each connection's decrypted app secret, and each Meta app's (the secret its connections share), kept for
/// <see cref="TimeToLive"/> so that checking a webhook signature costs no query and no decryption. Only
/// connections and apps that exist (not deleted) are kept, so the cache is bounded by the number of connections.
/// <see cref="Invalidate"/> drops a connection's entry and every app entry at once.
/// </summary>
public sealed class ConnectionSecretCache(IServiceScopeFactory scopes, ISecretProtector protector, TimeProvider clock) : IConnectionSecretCache
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, CachedSecret> _secrets = new();
    private readonly ConcurrentDictionary<string, CachedAppSecrets> _apps = new(StringComparer.Ordinal);

    /// <summary>The app secret's UTF-8 bytes (the HMAC key); null when the connection does not exist or was deleted.</summary>
    public async ValueTask<byte[]?> GetAppSecretAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_secrets.TryGetValue(connectionId, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Key;
        }

        string? protectedSecret;
        await using (var scope = scopes.CreateAsyncScope())
        {
            protectedSecret = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Connections.AsNoTracking()
                .Where(c => c.Id == connectionId && c.DeletedAt == null)
                .Select(c => c.AppSecretProtected)
                .SingleOrDefaultAsync(cancellationToken);
        }

        if (protectedSecret is null)
        {
            _secrets.TryRemove(connectionId, out _);
            return null;
        }

        var key = Encoding.UTF8.GetBytes(protector.Unprotect(protectedSecret));
        _secrets[connectionId] = new CachedSecret(key, now + TimeToLive);
        return key;
    }

    /// <summary>
    /// The app secret of Meta app <paramref name="appId"/> as its connections store it (UTF-8 bytes; one value, as the
    /// connection use cases keep them equal); null when no connection (not deleted) belongs to the app.
    /// </summary>
    public async ValueTask<IReadOnlyList<byte[]>?> GetMetaAppSecretsAsync(string appId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_apps.TryGetValue(appId, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Keys;
        }

        List<string> protectedSecrets;
        await using (var scope = scopes.CreateAsyncScope())
        {
            protectedSecrets = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Connections.AsNoTracking()
                .Where(c => c.MetaAppId == appId && c.DeletedAt == null)
                .Select(c => c.AppSecretProtected)
                .ToListAsync(cancellationToken);
        }

        if (protectedSecrets.Count == 0)
        {
            _apps.TryRemove(appId, out _);
            return null;
        }

        var keys = protectedSecrets.Select(p => protector.Unprotect(p)).Distinct(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes).ToList();
        _apps[appId] = new CachedAppSecrets(keys, now + TimeToLive);
        return keys;
    }

    public void Invalidate(Guid connectionId)
    {
        _secrets.TryRemove(connectionId, out _);

        // A connection's secret or app changed: the app entries it may belong to (few) are read again.
        _apps.Clear();
    }

    private sealed record CachedSecret(byte[] Key, DateTimeOffset ExpiresAt);

    private sealed record CachedAppSecrets(IReadOnlyList<byte[]> Keys, DateTimeOffset ExpiresAt);
}
