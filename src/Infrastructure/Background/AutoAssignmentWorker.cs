using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.AutoAssignConversations;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Background;

/// <summary>
/// Distributes unassigned conversations soon after one appears: it wakes on
/// <see cref="BackgroundWork.AutoAssignment"/> (or every <c>AUTO_ASSIGN_INTERVAL_SECONDS</c>, which also drains
/// the backlog left by other instances) and, when there is work, sends
/// <see cref="AutoAssignConversationsCommand"/> as the system actor.
/// </summary>
public sealed partial class AutoAssignmentWorker(
    BackgroundWorkSignal signal, IServiceScopeFactory scopes, WhatsAppSettings settings, ILogger<AutoAssignmentWorker> logger) : BackgroundService
{
    public const string Name = "auto-assign";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(settings.AutoAssignIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(BackgroundWork.AutoAssignment, interval, stoppingToken);
                await RunOnceAsync(scopes, Name, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }
        }
    }

    /// <summary>One run in a scope of its own; answers how many conversations were assigned.</summary>
    public static async Task<int> RunOnceAsync(IServiceScopeFactory scopes, string actorName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        if (!await AutoAssignConversationsCommand.HasBacklogAsync(db, cancellationToken))
        {
            return 0;
        }

        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(actorName));
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AutoAssignConversationsCommand(), cancellationToken);
        return result.IsSuccess ? result.Value : throw new InvalidOperationException($"Auto-assignment failed: {result.Error.Code}.");
    }

    [LoggerMessage(EventId = LogEvents.AutoAssignmentRunFailed, Level = LogLevel.Error, Message = "Auto-assignment run failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
