using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;

namespace WhatsSuite.Infrastructure.Background;

/// <summary>
/// Distributes unassigned conversations as soon as one appears: it wakes on <see cref="BackgroundWork.AutoAssignment"/>
/// (a conversation given back, reopened, transferred to a queue, created by an inbound message, or closed, which
/// frees an agent) and runs <see cref="AutoAssignmentRunner"/>. The periodic drain (the backlog left by another
/// instance, an agent added to a queue) is the <c>auto-assign-backlog</c> recurring job, through the same runner.
/// </summary>
public sealed partial class AutoAssignmentWorker(
    BackgroundWorkSignal signal, AutoAssignmentRunner runner, ILogger<AutoAssignmentWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(BackgroundWork.AutoAssignment, Timeout.InfiniteTimeSpan, stoppingToken);
                await runner.RunOnceAsync(stoppingToken);
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

    [LoggerMessage(EventId = LogEvents.AutoAssignmentRunFailed, Level = LogLevel.Error, Message = "Auto-assignment run failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
