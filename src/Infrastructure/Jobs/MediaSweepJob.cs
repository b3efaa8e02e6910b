using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Media.RequeueStrandedMedia;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (every minute): nothing stranded. Queues a download again for pending media that no job took (the
/// process stopped between storing the message and queueing its download, or the job was lost), and gives a media
/// state to inbound media messages stored before files were downloaded, as the system actor <c>job:media-sweep</c>,
/// one <see cref="RequeueStrandedMediaCommand"/> (one transaction, audited) per batch. Nothing runs, and nothing is
/// audited, when nothing is stranded. One run at a time across instances (Hangfire's lock).
/// </summary>
public sealed partial class MediaSweepJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<MediaSweepJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:media-sweep</c>).</summary>
    public const string Name = "media-sweep";

    public const string DisplayName = "Requeue stranded media downloads";

    /// <summary>Batches one run may do; the next run continues.</summary>
    public const int MaxBatches = 50;

    [JobDisplayName(DisplayName)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using (var check = scopes.CreateAsyncScope())
        {
            var db = check.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            if (!await RequeueStrandedMediaCommand.HasWorkAsync(db, clock.GetUtcNow(), cancellationToken))
            {
                return;
            }
        }

        int backfilled = 0, expired = 0, requeued = 0;
        for (var i = 0; i < MaxBatches; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RequeueStrandedMediaCommand(), cancellationToken);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"Requeueing stranded media failed: {result.Error.Code}.");
            }

            backfilled += result.Value.Backfilled;
            expired += result.Value.ExpiredAtSource;
            requeued += result.Value.Requeued;
            if (result.Value.Done)
            {
                break;
            }
        }

        LogSwept(logger, requeued, backfilled, expired);
    }

    [LoggerMessage(EventId = LogEvents.MediaSweepRequeued, Level = LogLevel.Information, Message = "Media sweep: {Requeued} stranded downloads queued again, {Backfilled} older media messages queued, {Expired} too old to fetch marked failed")]
    private static partial void LogSwept(ILogger logger, int requeued, int backfilled, int expired);
}
