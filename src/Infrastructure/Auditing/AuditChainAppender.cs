using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Domain.Audit;
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
/// (up to <see cref="MaxRowsPerAppend"/>): one lock, one read of the chain's head, one insert of every row linked one
/// after another, one commit. A row that arrives alone is appended at once, as before; a caller's task completes only
/// when its row is committed, so "the command returned" still means "its audit row is durable". Each instance groups its
/// own rows; the lock orders the groups of several instances as it ordered single rows.
/// </para>
/// </summary>
internal sealed class AuditChainAppender(IServiceScopeFactory scopes)
{
    /// <summary>The most rows one append takes: bounds a transaction's size and the first caller's wait behind the others.</summary>
    public const int MaxRowsPerAppend = 500;

    private readonly Lock _gate = new();
    private readonly List<Pending> _queue = [];
    private bool _appending;

    /// <summary>Rows waiting for the next append (the one under way excluded).</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Appends <paramref name="log"/> (and the authentication events written with it); completes once committed.</summary>
    public Task AppendAsync(AuditLog log, IReadOnlyList<AuthEvent> authEvents)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(authEvents);
        var pending = new Pending(log, authEvents, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_gate)
        {
            _queue.Add(pending);
            start = !_appending;
            _appending = true;
        }

        if (start)
        {
            _ = Task.Run(AppendQueuedAsync);
        }

        return pending.Done.Task;
    }

    /// <summary>Appends what is queued, group after group, until the queue is empty.</summary>
    private async Task AppendQueuedAsync()
    {
        while (true)
        {
            List<Pending> group;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _appending = false;
                    return;
                }

                var count = Math.Min(_queue.Count, MaxRowsPerAppend);
                group = _queue.GetRange(0, count);
                _queue.RemoveRange(0, count);
            }

            try
            {
                await WriteAsync(group);
                foreach (var pending in group)
                {
                    pending.Done.TrySetResult();
                }
            }
            catch (Exception exception)
            {
                // Nothing of the group was committed: each caller learns it, as it would have from its own append.
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(exception);
                }
            }
        }
    }

    private async Task WriteAsync(List<Pending> group)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await LinkAsync(db, group.Select(p => p.Log).ToList(), CancellationToken.None);
        db.AuthEvents.AddRange(group.SelectMany(p => p.AuthEvents));
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
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

    private sealed record Pending(AuditLog Log, IReadOnlyList<AuthEvent> AuthEvents, TaskCompletionSource Done);
}
