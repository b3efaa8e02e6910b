using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Resilience;

namespace WhatsSuite.Infrastructure.Sessions;

/// <summary>
/// The Redis session store behind the instance's <see cref="RedisGuard"/>: every call is bounded by
/// <c>REDIS_TIMEOUT_MS</c> and fails at once while the circuit is open, so a Redis outage answers 503 in
/// milliseconds instead of holding every authenticated request.
/// </summary>
internal sealed class GuardedSessionStore(RedisSessionStore inner, RedisGuard guard) : ISessionStore
{
    public Task CreateAsync(SessionDescriptor session, CancellationToken cancellationToken) =>
        guard.RunAsync(token => inner.CreateAsync(session, token), cancellationToken);

    public Task<SessionDescriptor?> FindActiveAsync(string jti, CancellationToken cancellationToken) =>
        guard.RunAsync(token => inner.FindActiveAsync(jti, token), cancellationToken);

    public Task<bool> RevokeAsync(string jti, CancellationToken cancellationToken) =>
        guard.RunAsync(token => inner.RevokeAsync(jti, token), cancellationToken);

    public Task<int> RevokeAllForUserAsync(Guid userId, CancellationToken cancellationToken) =>
        guard.RunAsync(token => inner.RevokeAllForUserAsync(userId, token), cancellationToken);

    public Task<IReadOnlyList<SessionDescriptor>> ListActiveForUserAsync(Guid userId, CancellationToken cancellationToken) =>
        guard.RunAsync(token => inner.ListActiveForUserAsync(userId, token), cancellationToken);
}
