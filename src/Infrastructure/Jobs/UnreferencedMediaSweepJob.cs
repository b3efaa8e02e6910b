using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Media;
using WhatsSuite.Application.Media.DeleteUnreferencedMedia;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (hourly): deletes stored files no message references (an agent's upload never sent, a file whose
/// messages are gone) once unused for <c>MEDIA_UNREFERENCED_GRACE</c>, as the system actor
/// <c>job:media-unreferenced-sweep</c>, one <see cref="DeleteUnreferencedMediaCommand"/> (one transaction, audited with
/// the deleted objects as targets) per batch. Nothing runs, and nothing is audited, when there is nothing to delete.
/// One run at a time across instances (Hangfire's lock).
/// </summary>
public sealed partial class UnreferencedMediaSweepJob(IServiceScopeFactory scopes, MediaOptions options, TimeProvider clock, ILogger<UnreferencedMediaSweepJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:media-unreferenced-sweep</c>).</summary>
    public const string Name = "media-unreferenced-sweep";

    public const string DisplayName = "Delete unreferenced media files";

    /// <summary>Batches one run may do; the next run continues.</summary>
    public const int MaxBatches = 50;

    [JobDisplayName(DisplayName)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using (var check = scopes.CreateAsyncScope())
        {
            var db = check.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            if (!await DeleteUnreferencedMediaCommand.HasWorkAsync(db, clock.GetUtcNow() - options.UnreferencedGrace, cancellationToken))
            {
                return;
            }
        }

        var deleted = 0;
        for (var i = 0; i < MaxBatches; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DeleteUnreferencedMediaCommand(), cancellationToken);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"Deleting unreferenced media failed: {result.Error.Code}.");
            }

            deleted += result.Value.Deleted;
            if (result.Value.Done)
            {
                break;
            }
        }

        LogSwept(logger, deleted, options.UnreferencedGrace);
    }

    [LoggerMessage(EventId = LogEvents.MediaUnreferencedDeleted, Level = LogLevel.Information, Message = "Unreferenced media sweep: {Deleted} stored files no message references, unused for {Grace}, deleted")]
    private static partial void LogSwept(ILogger logger, int deleted, TimeSpan grace);
}
