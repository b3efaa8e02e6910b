using Hangfire;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Infrastructure.Background;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (every minute), the periodic, operator-visible drain of the unassigned backlog: runs
/// <see cref="AutoAssignmentRunner"/> (as <c>job:auto-assign</c>, like the worker woken by signals).
/// </summary>
public sealed partial class AutoAssignBacklogJob(AutoAssignmentRunner runner, ILogger<AutoAssignBacklogJob> logger)
{
    /// <summary>The recurring job's id on the dashboard.</summary>
    public const string Name = "auto-assign-backlog";

    public const string DisplayName = "Auto-assign backlog";

    [JobDisplayName(DisplayName)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var assigned = await runner.RunOnceAsync(cancellationToken);
        if (assigned > 0)
        {
            LogAssigned(logger, assigned);
        }
    }

    [LoggerMessage(EventId = LogEvents.BacklogAutoAssigned, Level = LogLevel.Information, Message = "Auto-assigned {Count} waiting conversations")]
    private static partial void LogAssigned(ILogger logger, int count);
}
