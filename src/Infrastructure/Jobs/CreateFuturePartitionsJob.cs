using Hangfire;
using Mediator;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Archives.CreateFuturePartitions;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (daily): sends <see cref="CreateFuturePartitionsCommand"/> as the system actor
/// <c>job:create-partitions</c>, so the history tables always have their next months' partitions (ADR 0033).
/// </summary>
public sealed partial class CreateFuturePartitionsJob(ActorContext actorContext, IMediator mediator, ILogger<CreateFuturePartitionsJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:create-partitions</c>).</summary>
    public const string Name = "create-partitions";

    public const string DisplayName = "Create future partitions";

    [JobDisplayName(DisplayName)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        actorContext.Set(Actor.System(Name));
        var result = await mediator.Send(new CreateFuturePartitionsCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Creating future partitions failed: {result.Error.Code}.");
        }

        LogCreated(logger, result.Value);
    }

    [LoggerMessage(EventId = LogEvents.PartitionsCreated, Level = LogLevel.Information, Message = "Created {Count} future partitions")]
    private static partial void LogCreated(ILogger logger, int count);
}
