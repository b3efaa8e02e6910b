namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// The command's place in a worker's <see cref="TransactionLockQueue"/>, one per scope: set by the worker that sends the
/// command, used by <see cref="ITransactionLocks"/> implementations around taking the locks. Without a ticket (a
/// user's request, a worker that keeps no order) the locks are taken at once.
/// </summary>
public sealed class TransactionLockTurn
{
    public TransactionLockQueue.Ticket? Ticket { get; set; }

    /// <summary>Waits for the turn to take <paramref name="keys"/>; at once without a ticket.</summary>
    public Task WaitAsync(TransactionLockSpace space, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken) =>
        Ticket?.WaitAsync(space, keys, cancellationToken) ?? Task.CompletedTask;

    /// <summary>The locks are held: the next ticket may take its own.</summary>
    public void Taken() => Ticket?.Pass();
}
