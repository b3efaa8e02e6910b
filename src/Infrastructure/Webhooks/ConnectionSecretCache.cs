using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Webhooks;

/// <summary>
/// Each connection's decrypted app secret, kept for <see cref="TimeToLive"/> so that checking a webhook
/// signature costs no query and no decryption. Only connections that exist (and are not deleted) are kept,
/// so the cache is bounded by the number of connections. <see cref="Invalidate"/> drops an entry at once.
/// </summary>
public sealed class ConnectionSecretCache(IServiceScopeFactory scopes, ISecretProtector protector, TimeProvider clock) : IConnectionSecretCache
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, CachedSecret> _secrets = new();

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

    public void Invalidate(Guid connectionId) => _secrets.TryRemove(connectionId, out _);

    private sealed record CachedSecret(byte[] Key, DateTimeOffset ExpiresAt);
}
