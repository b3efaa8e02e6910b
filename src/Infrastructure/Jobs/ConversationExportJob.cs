using Hangfire;
using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Exports.RunConversationExport;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Writes one background conversation export's file (ADR 0042): one <see cref="RunConversationExportCommand"/> as the
/// system actor <c>job:conversation-export</c>, audited. The command records a failure on the export itself (the
/// requester no longer allowed, a write that failed), so the job is not retried for those; it is retried when the
/// process stopped half-way (the export is still running and starts again).
/// </summary>
public sealed class ConversationExportJob(ActorContext actorContext, IMediator mediator)
{
    /// <summary>The job's system actor: <c>job:conversation-export</c>.</summary>
    public const string Name = "conversation-export";

    public const string DisplayName = "Export conversations {0}";

    [JobDisplayName(DisplayName)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(Guid exportId, CancellationToken cancellationToken)
    {
        actorContext.Set(Actor.System(Name));
        var result = await mediator.Send(new RunConversationExportCommand(exportId), cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Export {exportId} could not run: {result.Error.Code}.");
        }
    }
}

/// <summary>Enqueues <see cref="ConversationExportJob"/> in Hangfire.</summary>
public sealed class HangfireConversationExportJobs(IBackgroundJobClient jobs) : IConversationExportJobs
{
    public void Enqueue(Guid exportId) => jobs.Enqueue<ConversationExportJob>(job => job.RunAsync(exportId, CancellationToken.None));
}
