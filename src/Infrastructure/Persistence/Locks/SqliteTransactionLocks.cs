using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.Persistence.Locks;

/// <summary>
/// SQLite has no lock to take per key, and needs none: the embedded mode is one instance, and SQLite lets one
/// transaction write at a time, so two transactions of this process never change the same rows side by side. A command's
/// turn (<see cref="TransactionLockTurn"/>) is handed on at once; the inbox processor runs one loop on SQLite.
/// </summary>
internal sealed class SqliteTransactionLocks(TransactionLockTurn turn) : ITransactionLocks
{
    public Task HoldAsync(TransactionLockSpace space, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        turn.Taken();
        return Task.CompletedTask;
    }
}
