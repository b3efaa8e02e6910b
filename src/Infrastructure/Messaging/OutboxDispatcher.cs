using System.Collections.Concurrent;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Media;
using WhatsSuite.Application.Messages;
using WhatsSuite.Application.Messages.RecordMediaUpload;
using WhatsSuite.Application.Messages.RecordSendResults;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>
/// Sends the outbox: wakes when a message is queued (or every second), claims the due outbound messages
/// (<see cref="OutboxClaim"/>, a <see cref="LeasedQueue{TEntity}"/>) and hands each to its connection's gateway within the
/// connection's send rate. Each result is recorded by <see cref="RecordSendResultsCommand"/> as the system actor
/// <c>job:outbox</c> (audited like a user's command), together with the results that finished meanwhile
/// (<see cref="OutboxResultRecorder"/>): accepted messages get their wamid and any status WhatsApp reported
/// before the answer; retryable errors wait with exponential backoff until <see cref="MessagingOptions.OutboxMaxAttempts"/>;
/// other errors fail the message; a refused token (190) also marks the connection <c>invalid_credentials</c>, whose
/// remaining messages then wait, queued, until it is active again. Only the claim (lease values) is written
/// directly. Delivery is exactly once except when
/// the process stops between WhatsApp's acceptance and the save of the wamid: the claim's lease then
/// expires and the message is sent again (at least once). Claims are short (<see cref="MessagingOptions.OutboxLease"/>)
/// and renewed by a heartbeat while their batch runs, so a dead instance's claims come back within seconds.
/// See docs/decisions/0012-outbox-dispatch.md.
/// </summary>
internal sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    BackgroundWorkSignal signal,
    ISendRateLimiter rateLimiter,
    OutboxResultRecorder recorder,
    ISecretProtector secrets,
    MessagingOptions options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>The system actor of the outbox: its send results are audited as <c>job:outbox</c>.</summary>
    public const string ActorName = "outbox";

    public const int BatchSize = 50;
    public const string DeletedConnectionCode = "connections.deleted";
    public const string InvalidContentCode = "messages.invalid_content";
    public const string MediaMissingCode = "media.missing";

    internal static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a number's sends wait after WhatsApp answered 130429 without a longer <c>Retry-After</c>.</summary>
    internal static readonly TimeSpan ThroughputHold = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Each conversation's latest send of this instance, across passes: a pass may start while the previous one's sends
    /// are still with WhatsApp, and a conversation's next message must not overtake them.
    /// </summary>
    private readonly ConcurrentDictionary<Guid, Task> _conversationSends = new();

    /// <summary>How long a claim lasts unless renewed; the heartbeat renews it every third of that.</summary>
    private TimeSpan Lease => options.OutboxLease;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();

        // The sends of the previous pass: the next pass claims and paces while they finish (their answers and their
        // recording), so a number's sending does not stop between passes; at most two passes are in flight.
        var inFlight = Task.CompletedTask;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                var pass = await StartDueAsync(stoppingToken);
                claimed = pass.Claimed;
                await inFlight;
                inFlight = pass.Completion;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            // The dispatcher outlives any one failure (database restart, ...): it logs and polls again.
            catch (Exception exception)
            {
                LogPassFailed(logger, exception);
            }

            if (claimed >= BatchSize)
            {
                continue;
            }

            try
            {
                await signal.WaitAsync(BackgroundWork.Outbox, PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims and sends one batch of due messages; answers how many were claimed once every send has finished.</summary>
    internal async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var pass = await StartDueAsync(cancellationToken);
        await pass.Completion;
        return pass.Claimed;
    }

    /// <summary>
    /// Claims one batch of due messages and starts sending them; answers once every message has its connection's token
    /// (its send started), with how many were claimed and a task that completes when every send has finished and been
    /// recorded (the claim, renewed by its heartbeat until then, is released with it).
    /// </summary>
    private async Task<(int Claimed, Task Completion)> StartDueAsync(CancellationToken cancellationToken)
    {
        // The claim's heartbeat renews the unfinished messages' lease while the batch runs (OutboxClaim, QueueClaim).
        var claim = await QueueClaim<Message>.TakeAsync(OutboxClaim.Queue, scopes, clock, Lease, BatchSize, logger, cancellationToken);
        if (claim is null)
        {
            return (0, Task.CompletedTask);
        }

        var started = new List<Task>();
        try
        {
            List<Claimed> claimed;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var ids = claim.Ids;
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var rows = await db.Messages.AsNoTracking()
                    .Where(m => ids.Contains(m.Id))
                    .Select(m => new { m.Id, m.ConnectionId, m.ConversationId, m.CreatedAt })
                    .ToListAsync(cancellationToken);
                var connectionIds = rows.Select(r => r.ConnectionId).Distinct().ToList();
                var rates = await db.Connections.AsNoTracking().Where(c => connectionIds.Contains(c.Id))
                    .ToDictionaryAsync(c => c.Id, c => c.SendRateLimitPerSecond, cancellationToken);
                claimed = rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
                    .Select(r => new Claimed(r.Id, r.ConnectionId, r.ConversationId, Math.Max(1, rates.GetValueOrDefault(r.ConnectionId, 1))))
                    .ToList();
            }

            // Connections send side by side; each has one pacer that takes its tokens in order (oldest message first),
            // and a message is sent as soon as it has its token, several at once, so the number's rate does not depend
            // on how long one send and its recording take. A conversation's messages still go one after another, in order.
            await Task.WhenAll(claimed.GroupBy(c => c.ConnectionId).Select(group => PaceConnectionAsync(group.ToList(), claim, started, cancellationToken)));
            return (claimed.Count, FinishAsync(claim, started));
        }
        catch
        {
            await FinishAsync(claim, started);
            throw;
        }
    }

    /// <summary>Waits for the pass's sends, then releases its claim.</summary>
    private static async Task FinishAsync(QueueClaim<Message> claim, List<Task> sends)
    {
        try
        {
            await Task.WhenAll(sends);
        }
        finally
        {
            await claim.DisposeAsync();
        }
    }

    /// <summary>Takes the connection's tokens for its messages in order, starting each send (added to <paramref name="started"/>) as it gets its token.</summary>
    private async Task PaceConnectionAsync(List<Claimed> messages, QueueClaim<Message> claim, List<Task> started, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            if (_conversationSends.TryGetValue(message.ConversationId, out var before))
            {
                // Whatever its outcome: a failed send is recorded (and retried in order) by its own pass.
                await Task.WhenAny(before);
            }

            var token = await rateLimiter.AcquireAsync(message.ConnectionId, message.PerSecond, cancellationToken);
            var send = SendOneAsync(message.Id, claim, token, cancellationToken);
            var conversationId = message.ConversationId;
            _conversationSends[conversationId] = send;
            _ = send.ContinueWith(done => _conversationSends.TryRemove(new KeyValuePair<Guid, Task>(conversationId, done)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            lock (started)
            {
                started.Add(send);
            }
        }
    }

    /// <summary>A claimed message, its conversation, and its connection's send rate.</summary>
    private sealed record Claimed(Guid Id, Guid ConnectionId, Guid ConversationId, int PerSecond);

    /// <summary>What a send reads of its message: the message, its connection, and its recipient's number and BSUID.</summary>
    private sealed record ForSend(Message Message, Connection Connection, string? WaId, string? UserId);

    /// <summary>
    /// The send's read, compiled once: the held message (the queue's fencing check), its connection and its recipient,
    /// untracked (nothing of them is saved in this scope: results are recorded in their own). The limit is a literal, as
    /// the desk's pages are (ADR 0051): the statement keeps one plan per connection (ADR 0063).
    /// </summary>
    private static readonly HeldRead<ForSend> ReadForSend = OutboxClaim.Queue.CompileHeldRead((db, held) => (
        from m in held.AsNoTracking()
        join n in db.Connections on m.ConnectionId equals n.Id
        join v in db.Conversations on m.ConversationId equals v.Id
        join k in db.Contacts on v.ContactId equals k.Id
        select new ForSend(m, n, k.WaId, k.UserId)).Take(2));

    /// <summary>Sends one message with the connection's <paramref name="token"/>, handed back as soon as WhatsApp answered (or when nothing was sent).</summary>
    private async Task SendOneAsync(Guid messageId, QueueClaim<Message> claim, IAsyncDisposable token, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await using var held = token;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(ActorName));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        try
        {
            // The claim must still be ours (a dispatcher that stalled past its lease finds another's lease value), checked in
            // the one query that reads the message, its connection and its recipient: one statement and one connection of the
            // pool before the send, compiled once (ADR 0066).
            var loaded = (await claim.ReadIfOursAsync(db, messageId, ReadForSend, cancellationToken)).SingleOrDefault();
            if (loaded is null)
            {
                return;
            }

            var (message, connection) = (loaded.Message, loaded.Connection);
            if (connection.DeletedAt is not null)
            {
                await RecordAsync(connection, SendResult.NotSendable(message.Id, DeletedConnectionCode, "The connection was deleted before the message could be sent."));
                return;
            }

            if (connection.Status != ConnectionStatus.Active)
            {
                // The connection stopped in the meantime: the message waits, queued, and is not claimed until it is active again.
                await db.Messages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, clock.GetUtcNow()), CancellationToken.None);
                return;
            }

            var content = OutboundContentReader.Read(message);
            if (content is null)
            {
                await RecordAsync(connection, SendResult.NotSendable(message.Id, InvalidContentCode, "The stored message cannot be sent."));
                return;
            }

            var credentials = new GatewayCredentials(connection.Id, connection.PhoneNumberId, connection.WabaId, connection.DisplayNumber, secrets.Unprotect(connection.AccessTokenProtected));
            if (content.Media is { Id: null } media)
            {
                // A media message's file goes to WhatsApp first; its id is recorded before the message is sent, so a
                // later attempt (after a failure or a restart) sends with it and never uploads twice.
                var upload = await UploadAsync(scope.ServiceProvider, connection, credentials, message, cancellationToken);
                if (upload.Error is { } uploadError)
                {
                    await RecordAsync(connection, new SendResult(message.Id, GatewaySendResult.Failed(uploadError)));
                    return;
                }

                var recorded = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecordMediaUploadCommand(message.Id, upload.MediaId!), CancellationToken.None);
                if (!recorded.IsSuccess || !recorded.Value)
                {
                    return;
                }

                LogMediaUploaded(logger, message.Id, connection.Id);
                content = content with { Media = media with { Id = upload.MediaId } };
            }

            // The phone number when known; a customer whose number WhatsApp withholds is reached by BSUID.
            var request = new GatewaySendRequest(credentials, loaded.WaId, content, loaded.WaId is null ? loaded.UserId : null);
            var result = await SendAsync(scope.ServiceProvider.GetRequiredService<IWhatsAppGatewayResolver>(), connection, request, cancellationToken);
            await token.DisposeAsync();
            if (result.Error is { Code: GatewayErrorCodes.ThroughputExceeded } throttled)
            {
                // The number's throughput was exceeded: every message on it waits, on every instance (131056, a burst to
                // one customer, is only that message's backoff, recorded below).
                await rateLimiter.HoldAsync(connection.Id, throttled.RetryAfter is { } asked && asked > ThroughputHold ? asked : ThroughputHold, cancellationToken);
            }

            await RecordAsync(connection, new SendResult(message.Id, result));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        // One message's fault must not stop the others; the claim's lease brings it back later.
        catch (Exception exception)
        {
            LogMessageFault(logger, exception, messageId);
        }
        finally
        {
            claim.Finish(messageId);

            // The conversation's next message is claimable only once this one has left the outbox: the next pass takes
            // it now rather than at the next poll.
            signal.Notify(BackgroundWork.Outbox);
        }
    }

    /// <summary>Uploads the message's stored file to WhatsApp, streamed from the media store.</summary>
    private async Task<GatewayUploadResult> UploadAsync(IServiceProvider services, Connection connection, GatewayCredentials credentials, Message message, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var file = await db.MediaObjects.AsNoTracking().SingleAsync(o => o.Id == message.MediaObjectId, cancellationToken);
        await using var content = await services.GetRequiredService<IMediaStore>().OpenReadAsync(file.StorageKey, 0, cancellationToken);
        if (content is null)
        {
            return GatewayUploadResult.Failed(new GatewayError(MediaMissingCode, "The message's stored file is missing.", null, Retryable: false, CredentialsInvalid: false));
        }

        var upload = new GatewayMediaUpload(content, file.ContentType, file.Size, UploadFileName(message, file.ContentType));
        try
        {
            return await services.GetRequiredService<IWhatsAppGatewayResolver>().For(connection.Provider).UploadMediaAsync(credentials, upload, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        // A gateway that throws instead of answering is treated as a transient fault, as for a send.
        catch (Exception exception)
        {
            LogGatewayFault(logger, exception, connection.Id);
            return GatewayUploadResult.Failed(new GatewayError("gateway_exception", "The gateway failed before WhatsApp answered.", null, Retryable: true, CredentialsInvalid: false));
        }
    }

    /// <summary>The name the file is uploaded under: a document's own name, otherwise one made from the message id and type.</summary>
    private static string UploadFileName(Message message, string contentType) =>
        message.MediaFileName ?? $"{message.Id:N}{MediaExtensions.For(contentType)}";

    private async Task<GatewaySendResult> SendAsync(IWhatsAppGatewayResolver gateways, Connection connection, GatewaySendRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await gateways.For(connection.Provider).SendAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        // A gateway that throws instead of answering is treated as a transient fault.
        catch (Exception exception)
        {
            LogGatewayFault(logger, exception, connection.Id);
            return GatewaySendResult.Failed(new GatewayError("gateway_exception", "The gateway failed before WhatsApp answered.", null, Retryable: true, CredentialsInvalid: false));
        }
    }

    /// <summary>Records the result with the others that finish meanwhile (<see cref="OutboxResultRecorder"/>) and logs what became of the message.</summary>
    private async Task RecordAsync(Connection connection, SendResult result)
    {
        var recorded = await recorder.RecordAsync(result);
        if (!recorded.Recorded)
        {
            return;
        }

        switch (recorded.Status)
        {
            case MessageStatus.Queued:
                LogRetryScheduled(logger, result.MessageId, recorded.ErrorCode ?? string.Empty, recorded.Attempts, recorded.NextAttemptAt ?? clock.GetUtcNow());
                return;
            case MessageStatus.Failed when recorded.CredentialsRejected:
                LogCredentialsRejected(logger, connection.Id, recorded.ErrorCode ?? string.Empty);
                return;
            case MessageStatus.Failed when result.Result.Wamid is null:
                LogFailed(logger, result.MessageId, recorded.ErrorCode ?? string.Empty);
                return;
        }

        LogSent(logger, result.MessageId, connection.Id, recorded.Attempts);
    }

    [LoggerMessage(EventId = LogEvents.OutboxMessageSent, Level = LogLevel.Information, Message = "Outbound message {MessageId} accepted by WhatsApp on connection {ConnectionId} after {Attempts} attempt(s)")]
    private static partial void LogSent(ILogger logger, Guid messageId, Guid connectionId, int attempts);

    [LoggerMessage(EventId = LogEvents.OutboxMediaUploaded, Level = LogLevel.Information, Message = "The file of outbound message {MessageId} was uploaded to WhatsApp on connection {ConnectionId}")]
    private static partial void LogMediaUploaded(ILogger logger, Guid messageId, Guid connectionId);

    [LoggerMessage(EventId = LogEvents.OutboxRetryScheduled, Level = LogLevel.Warning, Message = "Outbound message {MessageId} failed with {ErrorCode}; retry {Attempts} done, next at {NextAttemptAt}")]
    private static partial void LogRetryScheduled(ILogger logger, Guid messageId, string errorCode, int attempts, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = LogEvents.OutboxMessageFailed, Level = LogLevel.Warning, Message = "Outbound message {MessageId} failed for good with {ErrorCode}")]
    private static partial void LogFailed(ILogger logger, Guid messageId, string errorCode);

    [LoggerMessage(EventId = LogEvents.OutboxCredentialsRejected, Level = LogLevel.Error, Message = "WhatsApp refused the access token of connection {ConnectionId} ({ErrorCode}); its messages wait until the token is replaced")]
    private static partial void LogCredentialsRejected(ILogger logger, Guid connectionId, string errorCode);

    [LoggerMessage(EventId = LogEvents.OutboxGatewayFault, Level = LogLevel.Error, Message = "The WhatsApp gateway of connection {ConnectionId} threw instead of answering")]
    private static partial void LogGatewayFault(ILogger logger, Exception exception, Guid connectionId);

    [LoggerMessage(EventId = LogEvents.OutboxMessageFault, Level = LogLevel.Error, Message = "Outbound message {MessageId} could not be processed; it is retried when its claim expires")]
    private static partial void LogMessageFault(ILogger logger, Exception exception, Guid messageId);

    [LoggerMessage(EventId = LogEvents.OutboxPassFailed, Level = LogLevel.Error, Message = "An outbox pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
