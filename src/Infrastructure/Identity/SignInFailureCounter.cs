using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Identity;

/// <summary>
/// The lockout counts in the database (<c>sign_in_failures</c>), so every instance and both modes share them and
/// they survive restarts. A reservation is one <c>INSERT ... ON CONFLICT DO UPDATE ... RETURNING</c>: PostgreSQL
/// locks the row for the statement, SQLite has one writer at a time, so reading the count and raising it can never
/// interleave with another attempt. Each call uses a context (and connection) of its own and commits at once: the
/// sign-in command's transaction has not begun yet (the throttle runs outside it), and a row lock must not be held
/// while a password is verified. Expired rows are deleted now and then by the reservations themselves.
/// </summary>
internal sealed class SignInFailureCounter(IServiceScopeFactory scopes) : ISignInFailureCounter
{
    private const int PurgeEvery = 256;

    private const string Reserve = """
        INSERT INTO sign_in_failures (account_key, failures, expires_at_unix_ms) VALUES ({0}, 1, {1})
        ON CONFLICT (account_key) DO UPDATE SET
            failures = CASE WHEN sign_in_failures.expires_at_unix_ms <= {2} THEN 1 ELSE sign_in_failures.failures + 1 END,
            expires_at_unix_ms = CASE WHEN sign_in_failures.expires_at_unix_ms > {2} AND sign_in_failures.failures >= {3}
                THEN sign_in_failures.expires_at_unix_ms ELSE {1} END
        RETURNING failures AS "Failures", expires_at_unix_ms AS "ExpiresAtUnixMs"
        """;

    private int _reservations;

    public async Task<SignInReservation> ReserveAsync(string accountKey, int maxFailures, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var expiresMs = (now + window).ToUnixTimeMilliseconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.Database
            .SqlQueryRaw<ReservedRow>(Reserve, accountKey, expiresMs, nowMs, maxFailures)
            .ToListAsync(cancellationToken);
        if (Interlocked.Increment(ref _reservations) % PurgeEvery == 0)
        {
            await db.Set<SignInFailureCount>().Where(f => f.ExpiresAtUnixMs < nowMs).ExecuteDeleteAsync(CancellationToken.None);
        }

        var row = rows.Single();
        return new SignInReservation(row.Failures, DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAtUnixMs));
    }

    public async Task ClearAsync(string accountKey, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Set<SignInFailureCount>().Where(f => f.AccountKey == accountKey).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task ReleaseAsync(string accountKey, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Set<SignInFailureCount>()
            .Where(f => f.AccountKey == accountKey && f.Failures > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Failures, f => f.Failures - 1), cancellationToken);
    }

    private sealed class ReservedRow
    {
        public int Failures { get; init; }

        public long ExpiresAtUnixMs { get; init; }
    }
}
