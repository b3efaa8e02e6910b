using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Auditing;

/// <summary>
/// Appends audit rows to the hash chain in groups (group commit). The chain is one sequence for the whole deployment, so
/// its appends are serialized: in PostgreSQL a transaction-scoped advisory lock is held while the last row is read, the
/// new one linked and inserted, and the transaction committed; in SQLite the write transaction does the same. Appending
/// one row per transaction made that commit (a flush to disk) the ceiling of every audited command together, user and
/// background work alike: a few hundred a second, much less on a slow disk, and each waiting its turn.
/// <para>
/// Here the rows that arrive while an append is committing wait for the next one, which takes them all in arrival order
/// (up to <see cref="MaxCommandsPerAppend"/>, a <see cref="GroupCommit{TItem, TResult}"/>): one lock, one read of the chain's head, one insert of every row linked one
/// after another, one commit. A row that arrives alone is appended at once, as before; a caller's task completes only
/// when its row is committed, so "the command returned" still means "its audit row is durable". Each instance groups its
/// own rows; the lock orders the groups of several instances as it ordered single rows.
/// </para>
/// </summary>
internal sealed class AuditChainAppender
{
    /// <summary>
    /// The most commands' rows one append takes (a command writes one row, or one per target it acted on): bounds a
    /// transaction's size and the first caller's wait behind the others.
    /// </summary>
    public const int MaxCommandsPerAppend = 500;

    private readonly IServiceScopeFactory _scopes;

    // A failed append failed for every row of its group (the chain's head or the database), so none is tried alone.
    private readonly GroupCommit<Pending, bool> _appends;

    public AuditChainAppender(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        _appends = new GroupCommit<Pending, bool>(WriteAsync, MaxCommandsPerAppend, writeAloneOnFailure: false);
    }

    /// <summary>Rows waiting for the next append (the one under way excluded).</summary>
    public int Queued => _appends.Queued;

    /// <summary>Appends one command's <paramref name="logs"/> in order (and the authentication events written with them); completes once committed.</summary>
    public Task AppendAsync(IReadOnlyList<AuditLog> logs, IReadOnlyList<AuthEvent> authEvents)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(authEvents);
        return _appends.WriteAsync(new Pending(logs, authEvents));
    }

    private async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<Pending> group)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await LinkAsync(db, group.SelectMany(p => p.Logs).ToList(), CancellationToken.None);
        db.AuthEvents.AddRange(group.SelectMany(p => p.AuthEvents));
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return [.. group.Select(_ => true)];
    }

    /// <summary>
    /// Takes the chain's lock (PostgreSQL; SQLite's write transaction already excludes other writers), reads the chain's
    /// head and links <paramref name="logs"/> after it in order, adding them to <paramref name="db"/>. The caller's
    /// transaction must be open and is committed by the caller.
    /// </summary>
    public static async Task LinkAsync(AppDbContext db, IReadOnlyList<AuditLog> logs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(logs);
        if (db is PostgresAppDbContext)
        {
            await db.Database.ExecuteSqlRawAsync(AuditLogTriggers.PostgresChainLock, cancellationToken);
        }

        var last = await db.AuditLogs.AsNoTracking()
            .OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash })
            .FirstOrDefaultAsync(cancellationToken);

        // Rows written before the chain existed carry no hash (see docs/security/audit.md); the chain then restarts from the genesis value.
        var sequence = last?.Sequence ?? 0;
        var previous = string.IsNullOrEmpty(last?.Hash) ? AuditChain.GenesisHash : last.Hash;
        foreach (var log in logs)
        {
            log.LinkAfter(++sequence, previous);
            previous = log.Hash;
            db.AuditLogs.Add(log);
        }
    }

    private sealed record Pending(IReadOnlyList<AuditLog> Logs, IReadOnlyList<AuthEvent> AuthEvents);
}
