using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Presence.PurgePresence;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (daily): deletes the presence stretches past <c>RETENTION_PRESENCE_MONTHS</c> as the system actor
/// <c>job:presence-retention</c>, one <see cref="PurgePresenceCommand"/> (audited) per batch. Nothing runs, and nothing
/// is audited, when presence is kept forever or nothing is due. One run at a time (Hangfire's lock).
/// </summary>
public sealed partial class PresenceRetentionJob(IServiceScopeFactory scopes, RetentionOptions retention, TimeProvider clock, ILogger<PresenceRetentionJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:presence-retention</c>).</summary>
    public const string Name = "presence-retention";

    public const string DisplayName = "Delete presence time past retention";

    /// <summary>Batches one run may do; the next run continues.</summary>
    public const int MaxBatches = 200;

    [JobDisplayName(DisplayName)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (retention.PresenceCutoff(clock.GetUtcNow()) is not { } before)
        {
            return;
        }

        await using (var check = scopes.CreateAsyncScope())
        {
            if (!await PurgePresenceCommand.HasWorkAsync(check.ServiceProvider.GetRequiredService<IApplicationDbContext>(), before, cancellationToken))
            {
                return;
            }
        }

        var deleted = 0;
        for (var i = 0; i < MaxBatches; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PurgePresenceCommand(before), cancellationToken);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"Deleting presence past retention failed: {result.Error.Code}.");
            }

            deleted += result.Value.Deleted;
            if (result.Value.Done)
            {
                break;
            }
        }

        LogPurged(logger, deleted, before);
    }

    [LoggerMessage(EventId = LogEvents.PresencePurged, Level = LogLevel.Information, Message = "Deleted {Deleted} presence stretches that ended before {Before:O}")]
    private static partial void LogPurged(ILogger logger, int deleted, DateTimeOffset before);
}
