using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.EnforceInactivity;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (every minute): warns the assignees of idle OPEN conversations and closes those idle for their queue's
/// close minutes, as the system actor <c>job:inactivity</c>, one <see cref="EnforceInactivityCommand"/> (audited) per
/// batch until nothing is due. Nothing runs (and nothing is audited) when nothing is due. Idempotent: a conversation
/// is warned once per idle period and a closed one is no longer OPEN.
/// </summary>
public sealed partial class InactivityJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<InactivityJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:inactivity</c>).</summary>
    public const string Name = "inactivity";

    public const string DisplayName = "Warn about and close inactive conversations";

    /// <summary>Batches one run may do; the next run continues.</summary>
    public const int MaxBatches = 50;

    [JobDisplayName(DisplayName)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using (var check = scopes.CreateAsyncScope())
        {
            if (!await EnforceInactivityCommand.HasWorkAsync(check.ServiceProvider.GetRequiredService<IApplicationDbContext>(), clock.GetUtcNow(), cancellationToken))
            {
                return;
            }
        }

        int warned = 0, closed = 0;
        for (var i = 0; i < MaxBatches; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new EnforceInactivityCommand(), cancellationToken);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"Applying the inactivity rules failed: {result.Error.Code}.");
            }

            warned += result.Value.Warned;
            closed += result.Value.Closed;
            if (!result.Value.More)
            {
                break;
            }
        }

        LogApplied(logger, warned, closed);
    }

    [LoggerMessage(EventId = LogEvents.InactivityApplied, Level = LogLevel.Information, Message = "Inactivity rules applied: {Warned} conversations warned, {Closed} closed")]
    private static partial void LogApplied(ILogger logger, int warned, int closed);
}
