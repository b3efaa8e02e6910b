using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// Innermost behavior: one database transaction per command, committed only when the handler succeeds
/// (or, for commands marked <see cref="PersistOnFailureAttribute"/>, also when it answers an error).
/// An exception always rolls everything back. The handler's <see cref="AfterCommit"/> actions run after a commit.
/// Commands marked <see cref="WithoutTransactionAttribute"/> run without one (their after-commit actions run when they return).
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(IUnitOfWork unitOfWork, AfterCommit afterCommit)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    private static readonly bool PersistOnFailure = PersistOnFailureAttribute.IsDeclaredOn(typeof(TMessage));
    private static readonly bool WithoutTransaction = WithoutTransactionAttribute.IsDeclaredOn(typeof(TMessage));

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (WithoutTransaction)
        {
            var direct = await next(message, cancellationToken);
            afterCommit.Run();
            return direct;
        }

        await using var transaction = await unitOfWork.BeginTransactionAsync(cancellationToken);
        try
        {
            var response = await next(message, cancellationToken);
            if (response is IResultState { IsSuccess: false } && !PersistOnFailure)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                afterCommit.Discard();
            }
            else
            {
                await transaction.CommitAsync(cancellationToken);
                afterCommit.Run();
            }

            return response;
        }
        catch
        {
            afterCommit.Discard();
            await transaction.RollbackAsync(CancellationToken.None);
            throw;
        }
    }
}
