using System.Text.Json;
using StackExchange.Redis;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Sessions;

/// <summary>
/// Sessions in Redis (server mode): <c>{prefix}:{jti}</c> holds the session (JSON) and expires with the
/// token; <c>{prefix}:user:{userId}</c> is the set of a user's session ids, for listing and force-logout.
/// Every instance reads the same keys, so a revocation is seen at once by all of them.
/// </summary>
internal sealed class RedisSessionStore(IConnectionMultiplexer redis, WhatsSuiteSettings settings, TimeProvider clock) : ISessionStore
{
    private readonly string _prefix = settings.RedisSessionPrefix;

    public async Task CreateAsync(SessionDescriptor session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var ttl = session.ExpiresAt - clock.GetUtcNow();
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        var db = redis.GetDatabase();
        var userKey = UserKey(session.UserId);
        var transaction = db.CreateTransaction();
        _ = transaction.StringSetAsync(SessionKey(session.Jti), JsonSerializer.Serialize(session), ttl);
        _ = transaction.SetAddAsync(userKey, session.Jti);
        // The index lives as long as the longest session in it.
        _ = transaction.KeyExpireAsync(userKey, ttl, ExpireWhen.GreaterThanCurrentExpiry);
        _ = transaction.KeyExpireAsync(userKey, ttl, ExpireWhen.HasNoExpiry);
        await transaction.ExecuteAsync();
    }

    public async Task<SessionDescriptor?> FindActiveAsync(string jti, CancellationToken cancellationToken)
    {
        var stored = await redis.GetDatabase().StringGetAsync(SessionKey(jti));
        return stored.IsNullOrEmpty ? null : Read(stored);
    }

    public async Task<bool> RevokeAsync(string jti, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var stored = await db.StringGetDeleteAsync(SessionKey(jti));
        if (stored.IsNullOrEmpty)
        {
            return false;
        }

        if (Read(stored) is { } session)
        {
            await db.SetRemoveAsync(UserKey(session.UserId), jti);
        }

        return true;
    }

    public async Task<int> RevokeAllForUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var userKey = UserKey(userId);
        var jtis = await db.SetMembersAsync(userKey);
        if (jtis.Length == 0)
        {
            return 0;
        }

        var keys = jtis.Select(j => (RedisKey)SessionKey(j.ToString())).ToArray();
        var deleted = await db.KeyDeleteAsync(keys);
        await db.SetRemoveAsync(userKey, jtis);
        return (int)deleted;
    }

    public async Task<IReadOnlyList<SessionDescriptor>> ListActiveForUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var userKey = UserKey(userId);
        var jtis = await db.SetMembersAsync(userKey);
        if (jtis.Length == 0)
        {
            return [];
        }

        var values = await db.StringGetAsync(jtis.Select(j => (RedisKey)SessionKey(j.ToString())).ToArray());
        var expired = jtis.Where((_, i) => values[i].IsNullOrEmpty).ToArray();
        if (expired.Length > 0)
        {
            // Sessions whose keys expired leave their ids behind in the index; tidy them.
            await db.SetRemoveAsync(userKey, expired);
        }

        return [.. values.Where(v => !v.IsNullOrEmpty).Select(Read).OfType<SessionDescriptor>().OrderByDescending(s => s.CreatedAt)];
    }

    private static SessionDescriptor? Read(RedisValue value) => JsonSerializer.Deserialize<SessionDescriptor>(value.ToString());

    private string SessionKey(string jti) => $"{_prefix}:{jti}";

    private string UserKey(Guid userId) => $"{_prefix}:user:{userId}";
}
