using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Infrastructure.Background;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (every minute), the operator-visible drain of the unassigned backlog: runs auto-assignment
/// as the system actor when any conversation waits in a queue that distributes automatically.
/// </summary>
public sealed partial class AutoAssignBacklogJob(IServiceScopeFactory scopes, ILogger<AutoAssignBacklogJob> logger)
{
    public const string Name = "auto-assign-backlog";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var assigned = await AutoAssignmentWorker.RunOnceAsync(scopes, Name, cancellationToken);
        if (assigned > 0)
        {
            LogAssigned(logger, assigned);
        }
    }

    [LoggerMessage(EventId = LogEvents.BacklogAutoAssigned, Level = LogLevel.Information, Message = "Auto-assigned {Count} waiting conversations")]
    private static partial void LogAssigned(ILogger logger, int count);
}
