using StackExchange.Redis;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Sessions;

/// <summary>
/// Sessions in Redis (server mode): <c>{prefix}:{jti}</c> holds the user id and expires with the token;
/// <c>{prefix}:user:{userId}</c> is the set of a user's session ids, for force-logout. Every instance reads
/// the same keys, so a revocation is seen at once by all of them.
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
        _ = transaction.StringSetAsync(SessionKey(session.Jti), session.UserId.ToString(), ttl);
        _ = transaction.SetAddAsync(userKey, session.Jti);
        // The index lives as long as the longest session in it.
        _ = transaction.KeyExpireAsync(userKey, ttl, ExpireWhen.GreaterThanCurrentExpiry);
        _ = transaction.KeyExpireAsync(userKey, ttl, ExpireWhen.HasNoExpiry);
        await transaction.ExecuteAsync();
    }

    public Task<bool> IsActiveAsync(string jti, CancellationToken cancellationToken) =>
        redis.GetDatabase().KeyExistsAsync(SessionKey(jti));

    public async Task<bool> RevokeAsync(string jti, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var userId = await db.StringGetDeleteAsync(SessionKey(jti));
        if (userId.IsNullOrEmpty)
        {
            return false;
        }

        if (Guid.TryParse(userId.ToString(), out var id))
        {
            await db.SetRemoveAsync(UserKey(id), jti);
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

    private string SessionKey(string jti) => $"{_prefix}:{jti}";

    private string UserKey(Guid userId) => $"{_prefix}:user:{userId}";
}
