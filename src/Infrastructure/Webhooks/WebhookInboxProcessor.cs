using System.Diagnostics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Webhooks;
using WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;
using WhatsSuite.Application.Webhooks.RecordWebhookFailure;
using WhatsSuite.Application.Webhooks.SplitOffWebhookItem;
using WhatsSuite.Domain.Webhooks;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Webhooks;

/// <summary>
/// Drains the webhook inbox. Woken by the receiver, and polling every second for deliveries stored by
/// another instance, before a restart, or due for a retry. It claims up to <see cref="BatchSize"/> (after a full claim <see cref="MaxBatchSize"/>) due
/// entries, oldest first, through the shared <see cref="LeasedQueue{TEntity}"/> (on PostgreSQL with
/// <c>FOR UPDATE SKIP LOCKED</c>, pushing their <c>next_attempt_at</c> forward by <see cref="Lease"/> in the same
/// statement), so several instances never take the same entry; a heartbeat renews the lease while the batch runs,
/// and an instance that dies mid-batch leaves its entries to be retaken when the lease ends. The batch is processed in one scope and transaction
/// through <see cref="ProcessWebhookDeliveryCommand"/>, which takes at most <c>WEBHOOK_MAX_ITEMS_PER_TRANSACTION</c>
/// items: a larger delivery continues with its next chunk in a later pass, behind the deliveries that arrived
/// meanwhile, and the entries that did not fit are released at once. When the batch fails as a whole, its entries
/// are processed one by one; when one entry fails alone, item by item, and the item that fails is split off into
/// an entry of its own while the delivery goes on. A unique-index or concurrency conflict with a parallel worker
/// re-runs the batch (or the entry) at once in a fresh transaction (processing is idempotent); any other exception is
/// recorded on the entry, which is retried with backoff until <c>WEBHOOK_MAX_ATTEMPTS</c>, then waits, failed, for an
/// administrator. Batches of one number wait for each other across instances on a transaction lock (ADR 0069), so two
/// instances, or the <c>WEBHOOK_PROCESSING_LOOPS</c> loops of one, do not fail on each other's conversations; the loops of
/// one instance take a number's lock in the order they claimed their batches. After a full claim the next one takes up to
/// <see cref="MaxBatchSize"/> entries. While a backlog exists and deliveries keep arriving, the worker pauses between
/// batches only when the acknowledgements made meanwhile slowed down (<see cref="WebhookAcknowledgementTimes"/>),
/// so CPU goes to the receiver when it needs it and to processing otherwise. Instances still process in parallel.
/// </summary>
public sealed partial class WebhookInboxProcessor(
    IServiceScopeFactory scopes,
    BackgroundWorkSignal signal,
    WebhookAcknowledgementTimes acknowledgements,
    MessagingOptions options,
    TimeProvider clock,
    ILogger<WebhookInboxProcessor> logger) : BackgroundService
{
    public const string JobName = "webhook-inbox";
    public const int BatchSize = 200;

    /// <summary>
    /// The claim after a full one (a backlog): more entries per transaction spread its fixed costs (the reads of the
    /// batch, the commit, the audit row) over more messages. Never more than <c>WEBHOOK_MAX_ITEMS_PER_TRANSACTION</c>
    /// allows in one transaction (one-item deliveries), and never less than <see cref="BatchSize"/>.
    /// </summary>
    public const int MaxBatchSize = 500;
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxBacklogPause = TimeSpan.FromMilliseconds(500);
    private const int ConflictReruns = 3;

    /// <summary>One claim at a time, so that <see cref="_lockOrder"/>'s tickets follow the claims.</summary>
    private readonly SemaphoreSlim _claiming = new(1, 1);

    /// <summary>The loops' batches take their numbers' locks in the order they were claimed (ADR 0069).</summary>
    private readonly TransactionLockQueue _lockOrder = new();

    /// <summary>
    /// Runs <c>WEBHOOK_PROCESSING_LOOPS</c> loops (two by default in server mode, one on SQLite), each claiming its own batches: while one batch waits
    /// for the database or for its number's lock, the next is claimed, read and built (ADR 0069). A batch takes its
    /// numbers' locks after the batches claimed before it that share a number, so they apply in arrival order; batches of
    /// other numbers go on meanwhile.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.WebhookProcessingLoops)).Select(_ => RunLoopAsync(stoppingToken)));

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        // Off the caller's thread at once: the host's start waits for ExecuteAsync's first await.
        await Task.Yield();
        var backlogBatchSize = Math.Max(BatchSize, Math.Min(MaxBatchSize, options.WebhookMaxItemsPerTransaction));
        var claimSize = BatchSize;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            var continuing = 0;
            var started = Stopwatch.GetTimestamp();
            var receivedBefore = signal.Notifications(BackgroundWork.WebhookInbox);
            var acknowledgedBefore = acknowledgements.Snapshot();
            try
            {
                // The claim's heartbeat renews the lease of entries still pending while the batch runs.
                var (claim, ticket) = await ClaimAsync(claimSize, stoppingToken);
                await using (claim)
                {
                    try
                    {
                        if (claim is not null)
                        {
                            claimed = claim.Ids.Count;
                            continuing = await ProcessBatchAsync([.. claim.Ids], ticket, stoppingToken);
                        }
                    }
                    finally
                    {
                        ticket?.Pass();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogBatchFailed(logger, exception);
            }

            // A backlog: a full claim, or deliveries that continue (a large one's next chunk) or did not fit.
            var backlog = claimed == claimSize || continuing > 0;
            claimSize = claimed == claimSize ? backlogBatchSize : BatchSize;
            if (backlog && signal.Notifications(BackgroundWork.WebhookInbox) != receivedBefore && acknowledgements.Snapshot().SlowedDownSince(acknowledgedBefore))
            {
                // A backlog while deliveries keep arriving and their acknowledgements slowed down during the batch:
                // acknowledging WhatsApp comes first. Processing takes about a third of the time at most, leaving CPU
                // to the receiver; the durable inbox absorbs the difference. While acknowledgements stay fast, and
                // once deliveries stop arriving, the backlog drains at full speed.
                try
                {
                    await Task.Delay(BacklogPause(Stopwatch.GetElapsedTime(started)), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            else if (!backlog)
            {
                try
                {
                    await signal.WaitAsync(BackgroundWork.WebhookInbox, PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Claims the next batch and takes its place in <see cref="_lockOrder"/>, one loop at a time: a later claim's ticket is
    /// always behind an earlier one's.
    /// </summary>
    private async Task<(QueueClaim<WebhookInboxEntry>? Claim, TransactionLockQueue.Ticket? Ticket)> ClaimAsync(int claimSize, CancellationToken stoppingToken)
    {
        await _claiming.WaitAsync(stoppingToken);
        try
        {
            var claim = await QueueClaim<WebhookInboxEntry>.TakeAsync(Queue, scopes, clock, Lease, claimSize, logger, stoppingToken);
            return (claim, claim is null ? null : _lockOrder.Take());
        }
        finally
        {
            _claiming.Release();
        }
    }

    public override void Dispose()
    {
        _claiming.Dispose();
        base.Dispose();
    }

    /// <summary>The pause after a full batch: twice as long as the batch took, at most <see cref="MaxBacklogPause"/>.</summary>
    internal static TimeSpan BacklogPause(TimeSpan batchDuration) => batchDuration * 2 < MaxBacklogPause ? batchDuration * 2 : MaxBacklogPause;

    /// <summary>The inbox as a <see cref="LeasedQueue{TEntity}"/>: due entries are pending ones whose <c>next_attempt_at</c> has come.</summary>
    internal static readonly LeasedQueue<WebhookInboxEntry> Queue = new()
    {
        Table = "webhook_inbox",
        ReadySql = "q.status = @inbox_status",
        ReadyParameters = new Dictionary<string, object> { ["inbox_status"] = nameof(InboxStatus.Pending) },
        Ready = _ => e => e.Status == InboxStatus.Pending,
        Held = e => e.Status == InboxStatus.Pending,
        Id = e => e.Id,
        Lease = e => e.NextAttemptAt,
    };

    /// <summary>
    /// Processes claimed entries in one transaction (a few queries for the whole batch instead of a few per
    /// delivery). A batch that meets another transaction's change (a unique-index or concurrency conflict) is re-run
    /// whole, up to <see cref="ConflictReruns"/> times; when it still fails, or fails otherwise (one delivery that
    /// throws), each entry is processed on its own, so a bad delivery is retried and recorded alone. Answers how many
    /// entries are still pending for another pass.
    /// </summary>
    private async Task<int> ProcessBatchAsync(Guid[] entryIds, TransactionLockQueue.Ticket? ticket, CancellationToken cancellationToken)
    {
        for (var run = 0; entryIds.Length > 1; run++)
        {
            try
            {
                var result = await SendAsync(new ProcessWebhookDeliveryCommand(entryIds), cancellationToken, ticket);
                if (result.IsSuccess)
                {
                    return result.Value.Continuing;
                }

                break;
            }
            catch (Exception exception) when (run < ConflictReruns && exception is UniqueConstraintViolationException or DbUpdateConcurrencyException)
            {
                // Another transaction changed one of the batch's rows first (an agent's reply to one of its conversations,
                // a contact created by another number's batch): the whole batch again, in a fresh transaction, rather
                // than each of its entries alone.
                LogBatchConflict(logger, entryIds.Length, run + 1);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogBatchFallback(logger, exception, entryIds.Length);
                break;
            }
        }

        var continuing = 0;
        foreach (var entryId in entryIds)
        {
            continuing += await ProcessAsync(entryId, cancellationToken, ticket);
        }

        return continuing;
    }

    /// <summary>Processes one entry's next chunk; answers 1 when it continues in another pass.</summary>
    private async Task<int> ProcessAsync(Guid entryId, CancellationToken cancellationToken, TransactionLockQueue.Ticket? ticket = null)
    {
        for (var run = 0; ; run++)
        {
            try
            {
                var result = await SendAsync(new ProcessWebhookDeliveryCommand(entryId), cancellationToken, ticket);
                if (!result.IsSuccess)
                {
                    LogRefused(logger, entryId, result.Error.Code);
                    return 0;
                }

                return result.Value.Continuing;
            }
            catch (Exception exception) when (run < ConflictReruns && exception is UniqueConstraintViolationException or DbUpdateConcurrencyException)
            {
                LogConflict(logger, entryId, run + 1);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogItemByItem(logger, exception, entryId);
                return await ProcessItemByItemAsync(entryId, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The entry failed on its own: its next chunk is processed one item per transaction, and an item that fails
    /// is split off into an entry of its own (kept with its error, retried with backoff) while the others are
    /// stored. A delivery of one item, or a failure to split, records the failure on the entry itself. The entry keeps
    /// its claim's lease meanwhile (<see cref="ProcessWebhookDeliveryCommand.ContinuedByCaller"/>): were it due again
    /// after each item, another loop or instance could claim it and split off the same failing item a second time.
    /// </summary>
    private async Task<int> ProcessItemByItemAsync(Guid entryId, CancellationToken cancellationToken)
    {
        for (var item = 0; item < options.WebhookMaxItemsPerTransaction; item++)
        {
            try
            {
                var result = await SendAsync(new ProcessWebhookDeliveryCommand(entryId, itemLimit: 1, continuedByCaller: true), cancellationToken);
                if (!result.IsSuccess || result.Value.Result != WebhookDeliveryResult.Processed || result.Value.Continuing == 0)
                {
                    return 0;
                }
            }
            catch (Exception exception) when (exception is UniqueConstraintViolationException or DbUpdateConcurrencyException)
            {
                // A parallel worker stored the same thing meanwhile: the item is taken again (idempotent).
                LogConflict(logger, entryId, item + 1);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (!await SplitOffAsync(entryId, exception, cancellationToken))
                {
                    await RecordFailureAsync(entryId, exception, cancellationToken);
                    return 0;
                }
            }
        }

        return 1;
    }

    /// <summary>Splits off the item the entry stopped at; false when it is the delivery's only item or splitting failed.</summary>
    private async Task<bool> SplitOffAsync(Guid entryId, Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            var result = await SendAsync(new SplitOffWebhookItemCommand(entryId, Describe(exception)), cancellationToken);
            if (result.IsSuccess && result.Value == SplitOffResult.Split)
            {
                LogItemSplitOff(logger, exception, entryId);
                return true;
            }

            return false;
        }
        catch (Exception splitException) when (splitException is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRecordFailed(logger, splitException, entryId);
            return false;
        }
    }

    /// <summary>
    /// Sends the command as the processor. With the batch's <paramref name="ticket"/>, the command takes its locks in the
    /// batch's place in line; the ticket is passed once the command ends, whether it took locks or not, so a re-run or
    /// a fallback of the batch does not hold the loops behind it.
    /// </summary>
    private async Task<TResult> SendAsync<TResult>(ICommand<TResult> command, CancellationToken cancellationToken, TransactionLockQueue.Ticket? ticket = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(JobName));
        scope.ServiceProvider.GetRequiredService<TransactionLockTurn>().Ticket = ticket;
        TResult result;
        try
        {
            result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
        }
        finally
        {
            ticket?.Pass();
        }

        if (result is Result<WebhookDeliveryOutcome> { IsSuccess: true, Value.ConversationsAwaitingAssignment: > 0 })
        {
            signal.Notify(BackgroundWork.AutoAssignment);
        }

        return result;
    }

    private async Task RecordFailureAsync(Guid entryId, Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            var result = await SendAsync(new RecordWebhookFailureCommand(entryId, Describe(exception)), cancellationToken);
            if (result is not { IsSuccess: true, Value.Recorded: true })
            {
                return;
            }

            var (_, attempts, next) = result.Value;
            if (next is null)
            {
                LogFailedForGood(logger, exception, entryId, attempts);
            }
            else
            {
                LogWillRetry(logger, exception, entryId, attempts, next.Value);
            }
        }
        catch (Exception recordException) when (recordException is not OperationCanceledException)
        {
            // The lease still holds the entry; it is taken again when the lease ends.
            LogRecordFailed(logger, recordException, entryId);
        }
    }

    /// <summary>The error kept on the entry: the exception and its root cause (a database error carries its reason there).</summary>
    private static string Describe(Exception exception)
    {
        var root = exception.GetBaseException();
        return ReferenceEquals(root, exception)
            ? $"{exception.GetType().Name}: {exception.Message}"
            : $"{exception.GetType().Name}: {root.GetType().Name}: {root.Message}";
    }

    [LoggerMessage(EventId = LogEvents.WebhookClaimFailed, Level = LogLevel.Error, Message = "Claiming webhook deliveries failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEvents.WebhookDeliveryRefused, Level = LogLevel.Warning, Message = "Webhook delivery {EntryId} was refused: {Code}")]
    private static partial void LogRefused(ILogger logger, Guid entryId, string code);

    [LoggerMessage(EventId = LogEvents.WebhookDeliveryConflict, Level = LogLevel.Information, Message = "Webhook delivery {EntryId} met a concurrent change; re-run {Run}")]
    private static partial void LogConflict(ILogger logger, Guid entryId, int run);

    [LoggerMessage(EventId = LogEvents.WebhookDeliveryWillRetry, Level = LogLevel.Warning, Message = "Webhook delivery {EntryId} failed attempt {Attempts}; next attempt at {NextAttemptAt}")]
    private static partial void LogWillRetry(ILogger logger, Exception exception, Guid entryId, int attempts, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = LogEvents.WebhookDeliveryFailedForGood, Level = LogLevel.Error, Message = "Webhook delivery {EntryId} failed after {Attempts} attempts; it waits for an administrator")]
    private static partial void LogFailedForGood(ILogger logger, Exception exception, Guid entryId, int attempts);

    [LoggerMessage(EventId = LogEvents.WebhookBatchConflict, Level = LogLevel.Information, Message = "A batch of {Count} webhook deliveries met a concurrent change; re-run {Run}")]
    private static partial void LogBatchConflict(ILogger logger, int count, int run);

    [LoggerMessage(EventId = LogEvents.WebhookBatchOneByOne, Level = LogLevel.Information, Message = "A batch of {Count} webhook deliveries met a conflict or a failing delivery; processing them one by one")]
    private static partial void LogBatchFallback(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = LogEvents.WebhookDeliveryItemByItem, Level = LogLevel.Warning, Message = "Webhook delivery {EntryId} failed on its own; processing it item by item")]
    private static partial void LogItemByItem(ILogger logger, Exception exception, Guid entryId);

    [LoggerMessage(EventId = LogEvents.WebhookStoreItemSplitOff, Level = LogLevel.Warning, Message = "An item of webhook delivery {EntryId} could not be stored; it was split off and will be retried on its own")]
    private static partial void LogItemSplitOff(ILogger logger, Exception exception, Guid entryId);

    [LoggerMessage(EventId = LogEvents.WebhookFailureNotRecorded, Level = LogLevel.Error, Message = "Recording the failure of webhook delivery {EntryId} failed")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, Guid entryId);
}
