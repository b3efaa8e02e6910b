using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Identity;

/// <summary>
/// Server mode: clears the challenge with a database context of its own (own connection, committed at once),
/// so every instance sees it used. Embedded mode: SQLite lets one writer at a time and the command's
/// transaction already holds the write lock, so the challenge is read with its own connection and its use is
/// remembered in process memory (embedded mode runs one instance); the command clears it on success.
/// </summary>
internal sealed class MfaChallengeStore(IServiceScopeFactory scopes, WhatsSuiteSettings settings) : IMfaChallengeStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _usedInProcess = new(StringComparer.Ordinal);

    public async Task<bool> ConsumeAsync(Guid userId, string challengeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var expiresAt = await db.Users
            .Where(u => u.Id == userId && u.MfaChallengeHash == challengeHash)
            .Select(u => u.MfaChallengeExpiresAt)
            .SingleOrDefaultAsync(cancellationToken);
        if (settings.Mode == PersistenceMode.Embedded)
        {
            foreach (var (hash, expiry) in _usedInProcess)
            {
                if (expiry < now)
                {
                    _usedInProcess.TryRemove(hash, out _);
                }
            }

            return expiresAt > now && _usedInProcess.TryAdd(challengeHash, expiresAt.Value);
        }

        var consumed = await db.Users
            .Where(u => u.Id == userId && u.MfaChallengeHash == challengeHash)
            .ExecuteUpdateAsync(
                s => s.SetProperty(u => u.MfaChallengeHash, (string?)null).SetProperty(u => u.MfaChallengeExpiresAt, (DateTimeOffset?)null),
                cancellationToken);
        return consumed == 1 && expiresAt > now;
    }
}
