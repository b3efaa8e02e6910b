using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Dashboards.RefreshDashboardRollups;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (every minute): brings the dashboard rollups up to date as the system actor
/// <c>job:dashboard-rollup</c>, one <see cref="RefreshDashboardRollupsCommand"/> (one transaction, audited) per batch of
/// changed conversations, until none is left. Nothing runs (and nothing is audited) when nothing changed. One run at a
/// time across instances: Hangfire's lock, and the rollup state row's version check behind it.
/// </summary>
public sealed partial class RefreshDashboardRollupsJob(IServiceScopeFactory scopes, ILogger<RefreshDashboardRollupsJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:dashboard-rollup</c>).</summary>
    public const string Name = "dashboard-rollup";

    public const string DisplayName = "Refresh dashboard rollups";

    /// <summary>Batches one run may do; the next run continues.</summary>
    public const int MaxBatches = 500;

    [JobDisplayName(DisplayName)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using (var check = scopes.CreateAsyncScope())
        {
            if (!await RefreshDashboardRollupsCommand.HasWorkAsync(check.ServiceProvider.GetRequiredService<IApplicationDbContext>(), cancellationToken))
            {
                return;
            }
        }

        int recounted = 0, removed = 0;
        DateTimeOffset? after = null;
        Guid? afterId = null;
        for (var i = 0; i < MaxBatches; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RefreshDashboardRollupsCommand(after, afterId), cancellationToken);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"Refreshing the dashboard rollups failed: {result.Error.Code}.");
            }

            recounted += result.Value.Recounted;
            removed += result.Value.Removed;
            (after, afterId) = (result.Value.NextUpdatedAt, result.Value.NextId);
            if (result.Value.Done)
            {
                break;
            }
        }

        LogRefreshed(logger, recounted, removed);
    }

    [LoggerMessage(EventId = LogEvents.DashboardRollupsRefreshed, Level = LogLevel.Information, Message = "Dashboard rollups refreshed: {Recounted} conversations recounted, {Removed} removed")]
    private static partial void LogRefreshed(ILogger logger, int recounted, int removed);
}
