using Hangfire;
using Mediator;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Sessions.PurgeExpiredSessions;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>Recurring job (hourly): sends <see cref="PurgeExpiredSessionsCommand"/> as the system actor.</summary>
public sealed partial class PurgeExpiredSessionsJob(ActorContext actorContext, IMediator mediator, ILogger<PurgeExpiredSessionsJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:purge-expired-sessions</c>).</summary>
    public const string Name = "purge-expired-sessions";

    public const string DisplayName = "Purge expired sessions";

    [JobDisplayName(DisplayName)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        actorContext.Set(Actor.System(Name));
        var result = await mediator.Send(new PurgeExpiredSessionsCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Purging expired sessions failed: {result.Error.Code}.");
        }

        LogPurged(logger, result.Value);
    }

    [LoggerMessage(EventId = LogEvents.ExpiredSessionsPurged, Level = LogLevel.Information, Message = "Purged {Count} expired sessions")]
    private static partial void LogPurged(ILogger logger, int count);
}
