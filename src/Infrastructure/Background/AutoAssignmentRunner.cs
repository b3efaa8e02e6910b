using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.AutoAssignConversations;

namespace WhatsSuite.Infrastructure.Background;

/// <summary>
/// The one way auto-assignment runs, whatever triggered it (the <see cref="AutoAssignmentWorker"/> woken by a
/// signal, or the <c>auto-assign-backlog</c> recurring job): one run at a time in this process (a run waits for the
/// one in progress), only when a conversation waits in a queue that distributes automatically, and always as the
/// system actor <c>job:auto-assign</c> through <see cref="AutoAssignConversationsCommand"/> (audited). Runs of other
/// instances may overlap; the conversation's version check lets exactly one of them assign each conversation.
/// See docs/decisions/0020-background-work.md.
/// </summary>
public sealed class AutoAssignmentRunner(IServiceScopeFactory scopes) : IDisposable
{
    /// <summary>The system actor of every auto-assignment run: <c>job:auto-assign</c>.</summary>
    public const string ActorName = "auto-assign";

    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>One run in a scope of its own; answers how many conversations were assigned.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            if (!await AutoAssignConversationsCommand.HasBacklogAsync(db, cancellationToken))
            {
                return 0;
            }

            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(ActorName));
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AutoAssignConversationsCommand(), cancellationToken);
            return result.IsSuccess ? result.Value : throw new InvalidOperationException($"Auto-assignment failed: {result.Error.Code}.");
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
