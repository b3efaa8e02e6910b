using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Messages.ApplyStoredStatuses;
using WhatsSuite.Application.Messages.RecordSendResults;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>
/// Records the outbox's send results in groups (ADR 0064): the results that finish while a group is being recorded wait
/// for the next one, which records them all through one <see cref="RecordSendResultsCommand"/> as <c>job:outbox</c> (one
/// transaction, one audit append); a result that finishes alone is recorded at once. A send's task completes when its
/// result is committed, so a conversation's next message still waits for it (<see cref="OutboxDispatcher"/>). When a
/// group fails, each of its results is recorded by itself, so one bad result fails only its own send, which the claim's
/// lease brings back later as before.
/// </summary>
internal sealed partial class OutboxResultRecorder
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger _logger;
    private readonly GroupCommit<SendResult, SendResultRecorded> _results;

    public OutboxResultRecorder(IServiceScopeFactory scopes, ILogger<OutboxResultRecorder> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _results = new GroupCommit<SendResult, SendResultRecorded>(
            RecordAsync, RecordSendResultsCommand.MaxResults, writeAloneOnFailure: true, (exception, size) => LogGroupFailed(logger, exception, size));
    }

    /// <summary>Records <paramref name="result"/> with the others that finish meanwhile; completes once it is committed.</summary>
    public Task<SendResultRecorded> RecordAsync(SendResult result) => _results.WriteAsync(result);

    private async Task<IReadOnlyList<SendResultRecorded>> RecordAsync(IReadOnlyList<SendResult> group)
    {
        await using var scope = _scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(OutboxDispatcher.ActorName));
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var result = await mediator.Send(new RecordSendResultsCommand(group), CancellationToken.None);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Recording {group.Count} send results failed: {result.Error.Code}.");
        }

        var recorded = result.Value;
        try
        {
            await ApplyStatusesStoredMeanwhileAsync(scope.ServiceProvider, mediator, group, recorded);
        }
        // The results are committed, and their sends learn so; the statuses stay stored under their wamids, and the warning says so.
        catch (Exception exception)
        {
            LogEarlyStatusesFailed(_logger, exception, group.Count);
        }

        return recorded;
    }

    /// <summary>
    /// A status WhatsApp reported while the wamids were being saved found no message with them and was stored under its
    /// wamid: applied now, by a command of its own for each message it moves forwards.
    /// </summary>
    private static async Task ApplyStatusesStoredMeanwhileAsync(IServiceProvider services, IMediator mediator, IReadOnlyList<SendResult> group, IReadOnlyList<SendResultRecorded> recorded)
    {
        // By wamid; two connections' messages could share one, so each wamid may name several messages.
        var sent = group.Zip(recorded)
            .Where(x => x.Second.Recorded && x.First.Result is { IsAccepted: true, Wamid: not null })
            .ToLookup(x => x.First.Result.Wamid!, x => x.Second, StringComparer.Ordinal);
        if (sent.Count == 0)
        {
            return;
        }

        var wamids = sent.Select(s => s.Key).ToArray();
        var db = services.GetRequiredService<AppDbContext>();
        var stored = await db.MessageStatusEvents.AsNoTracking()
            .Where(e => wamids.Contains(e.Wamid))
            .Select(e => new { e.Wamid, e.Status })
            .ToListAsync(CancellationToken.None);
        var behind = stored.SelectMany(e => sent[e.Wamid].Where(m => MessageStatusOrder.IsForward(m.Status, e.Status))).Select(m => m.MessageId).Distinct();
        foreach (var messageId in behind)
        {
            await mediator.Send(new ApplyStoredStatusesCommand(messageId), CancellationToken.None);
        }
    }

    [LoggerMessage(EventId = LogEvents.OutboxResultGroupFailed, Level = LogLevel.Warning, Message = "Recording a group of {Count} send results failed; each is recorded by itself")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = LogEvents.OutboxEarlyStatusesFailed, Level = LogLevel.Warning, Message = "The statuses stored while {Count} send results were being recorded could not be applied")]
    private static partial void LogEarlyStatusesFailed(ILogger logger, Exception exception, int count);
}
