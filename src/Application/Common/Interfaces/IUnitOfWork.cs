namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>Opens the database transaction that wraps one command.</summary>
public interface IUnitOfWork
{
    Task<IUnitOfWorkTransaction> BeginTransactionAsync(CancellationToken cancellationToken);
}

public interface IUnitOfWorkTransaction : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>Rolls back and forgets every pending change, so nothing of the failed command is saved later.</summary>
    Task RollbackAsync(CancellationToken cancellationToken);
}
