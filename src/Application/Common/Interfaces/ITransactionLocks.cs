namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>What a transaction lock's keys name: one space per kind of shared work, so equal ids of two kinds never wait for each other.</summary>
public enum TransactionLockSpace
{
    /// <summary>A connection whose inbound webhooks a transaction is applying (its conversations, messages and statuses).</summary>
    InboxConnection = 1,
}

/// <summary>
/// Locks held by the command's open transaction until it commits or rolls back, on every instance: work that would
/// change the same rows from two transactions at once (and have one of them fail on the other's concurrency token)
/// waits for the other instead, then reads what it committed. Keys are taken in one order, so two transactions never
/// wait for each other in a circle. In PostgreSQL these are transaction-scoped advisory locks; SQLite lets one
/// transaction write at a time anyway, and the embedded mode is one instance.
/// </summary>
public interface ITransactionLocks
{
    /// <summary>Waits until no other transaction holds any of <paramref name="keys"/> in <paramref name="space"/>, then holds them until this transaction ends.</summary>
    Task HoldAsync(TransactionLockSpace space, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken);
}
