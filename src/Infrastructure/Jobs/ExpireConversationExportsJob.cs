using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Exports.ExpireConversationExports;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (hourly): removes the files of background conversation exports past their expiry
/// (<c>CONVERSATION_EXPORT_RETENTION_DAYS</c>) and marks them expired, as the system actor
/// <c>job:expire-conversation-exports</c>, one <see cref="ExpireConversationExportsCommand"/> (audited, the exports as
/// targets) per batch. Nothing runs, and nothing is audited, when nothing is due. One run at a time (Hangfire's lock).
/// </summary>
public sealed partial class ExpireConversationExportsJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExpireConversationExportsJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:expire-conversation-exports</c>).</summary>
    public const string Name = "expire-conversation-exports";

    public const string DisplayName = "Remove expired conversation export files";

    /// <summary>Batches one run may do; the next run continues.</summary>
    public const int MaxBatches = 50;

    [JobDisplayName(DisplayName)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using (var check = scopes.CreateAsyncScope())
        {
            var db = check.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            if (!await ExpireConversationExportsCommand.HasWorkAsync(db, clock.GetUtcNow(), cancellationToken))
            {
                return;
            }
        }

        var expired = 0;
        for (var i = 0; i < MaxBatches; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExpireConversationExportsCommand(), cancellationToken);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"Expiring conversation exports failed: {result.Error.Code}.");
            }

            expired += result.Value.Expired;
            if (result.Value.Done)
            {
                break;
            }
        }

        LogExpired(logger, expired);
    }

    [LoggerMessage(EventId = LogEvents.ConversationExportFilesExpired, Level = LogLevel.Information, Message = "Expired {Expired} conversation export files")]
    private static partial void LogExpired(ILogger logger, int expired);
}
