using Hangfire;
using Mediator;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Presence;
using WhatsSuite.Application.Presence.RecordPresence;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (every minute): records who is online on the desk (every instance's connections, <see cref="IPresence"/>)
/// for the dashboards' presence time, as the system actor <c>job:presence</c> through <see cref="RecordPresenceCommand"/>
/// (one transaction, audited). Nothing runs, and nothing is audited, while nobody is online.
/// </summary>
public sealed partial class RecordPresenceJob(ActorContext actorContext, IMediator mediator, IPresence presence, ILogger<RecordPresenceJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:presence</c>).</summary>
    public const string Name = "presence";

    public const string DisplayName = "Record presence time";

    /// <remarks>Not retried: a run records who is online at its own instant, and the next minute's run is the retry.</remarks>
    [JobDisplayName(DisplayName)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var online = await presence.OnlineAsync(cancellationToken);
        if (online.Count == 0)
        {
            return;
        }

        actorContext.Set(Actor.System(Name));
        var result = await mediator.Send(new RecordPresenceCommand([.. online.Keys]), cancellationToken);
        if (!result.IsSuccess && result.Error.Code == PresenceErrors.ConcurrentRun.Code)
        {
            // Another run recorded this minute.
            return;
        }

        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Recording presence failed: {result.Error.Code}.");
        }

        LogRecorded(logger, result.Value.Extended, result.Value.Started);
    }

    [LoggerMessage(EventId = LogEvents.PresenceRecorded, Level = LogLevel.Debug, Message = "Presence recorded: {Extended} stretches extended, {Started} started")]
    private static partial void LogRecorded(ILogger logger, int extended, int started);
}
