using Microsoft.EntityFrameworkCore.Storage;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.Persistence;

internal sealed class UnitOfWork(AppDbContext db) : IUnitOfWork
{
    public async Task<IUnitOfWorkTransaction> BeginTransactionAsync(CancellationToken cancellationToken) =>
        new Transaction(db, await db.Database.BeginTransactionAsync(cancellationToken));

    private sealed class Transaction(AppDbContext db, IDbContextTransaction transaction) : IUnitOfWorkTransaction
    {
        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public async Task RollbackAsync(CancellationToken cancellationToken)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }
}
