using System.Globalization;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations.SendOutOfHoursReply;
using WhatsSuite.Domain.Common;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;

internal sealed partial class ProcessWebhookDeliveryCommandHandler(
    IApplicationDbContext db,
    ITransactionLocks locks,
    AuditScope auditScope,
    MessagingOptions options,
    TimeProvider clock,
    AfterCommit afterCommit,
    IMediaDownloads mediaDownloads,
    OutOfHoursReplyRule outOfHoursReplies,
    Campaigns.CampaignReplies replyRule,
    ILogger<ProcessWebhookDeliveryCommandHandler> logger)
    : ICommandHandler<ProcessWebhookDeliveryCommand, Result<WebhookDeliveryOutcome>>
{
    /// <summary>
    /// A delivery that continues with its next chunk waits this much behind the deliveries released at the same
    /// moment, so that the ones waiting behind a large delivery go first (the claim takes the oldest due).
    /// </summary>
    internal static readonly TimeSpan ContinuationDelay = TimeSpan.FromMilliseconds(1);

    public async ValueTask<Result<WebhookDeliveryOutcome>> Handle(ProcessWebhookDeliveryCommand command, CancellationToken cancellationToken)
    {
        var ids = command.EntryIds;
        var entries = await db.WebhookInbox.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        if (entries.Count == 0 && ids.Count == 1)
        {
            return WebhookErrors.EntryNotFound(ids[0]);
        }

        // New deliveries first (they are usually one message), then the next chunks of large ones.
        var pending = entries.Where(e => e.Status == InboxStatus.Pending)
            .OrderBy(e => e.Progress > 0).ThenBy(e => e.ReceivedAt).ThenBy(e => e.Id)
            .ToList();
        if (pending.Count == 0)
        {
            return new WebhookDeliveryOutcome(WebhookDeliveryResult.Skipped, 0, 0);
        }

        var now = clock.GetUtcNow();
        var batch = new Batch();
        var budget = Math.Max(1, command.ItemLimit ?? options.WebhookMaxItemsPerTransaction);
        var connectionIds = pending.Where(e => e.ConnectionId is not null).Select(e => e.ConnectionId!.Value).Distinct().ToList();

        // Another instance's batch for the same numbers (the same customers' conversations, the same messages' statuses)
        // is waited for, then read as it committed: side by side, one of the two would fail on the other's concurrency
        // token and be redone (ADR 0069).
        await locks.HoldAsync(TransactionLockSpace.InboxConnection, connectionIds, cancellationToken);
        var phoneNumberIds = await db.Connections.AsNoTracking()
            .Where(c => connectionIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.PhoneNumberId, cancellationToken);
        foreach (var entry in pending)
        {
            if (budget <= 0)
            {
                batch.Released.Add(entry.Id);
                continue;
            }

            if (entry.ConnectionId is not { } connectionId)
            {
                await RouteAsync(entry, batch, now, cancellationToken);
                budget--;
                continue;
            }

            WebhookPayload payload;
            try
            {
                payload = WebhookPayloadReader.Read(entry.Body, phoneNumberIds.GetValueOrDefault(connectionId), now);
            }
            catch (JsonException exception)
            {
                Reject(entry, $"invalid_json: {exception.Message}", now);
                continue;
            }
            catch (InvalidOperationException exception)
            {
                // The envelope itself holds a value .NET cannot read (lone surrogates are already repaired by the reader).
                Reject(entry, $"invalid_payload: {exception.Message}", now);
                continue;
            }

            var items = payload.Items;
            if (items.Count == 1 && items[0] is InvalidItem only)
            {
                // The delivery is this one item: it is the failure itself.
                Reject(entry, only.Reason, now);
                continue;
            }

            var chunk = items.Skip(entry.Progress).Take(budget).ToList();
            budget -= Math.Max(chunk.Count, 1);
            var split = 0;
            foreach (var item in chunk)
            {
                switch (item)
                {
                    case MessageItem message:
                        batch.Messages(connectionId).Add(message.Message);
                        break;
                    case StatusItem status:
                        batch.Statuses(connectionId).Add(status.Status);
                        break;
                    case NotificationItem notification:
                        batch.Notifications(connectionId).Add(notification.Notification);
                        break;
                    case InvalidItem invalid:
                        db.WebhookInbox.Add(WebhookInboxEntry.SplitOffFailed(entry, connectionId, WebhookEnvelope.ForItem(invalid), invalid.Reason, null, now));
                        LogItemSplit(logger, entry.Id, Code(invalid.Reason));
                        split++;
                        break;
                }
            }

            batch.Advances.Add(new Advance(entry, entry.Progress + chunk.Count, items.Count, split));
        }

        var resolver = new ContactResolver(db, now);
        var (stored, awaiting) = await StoreMessagesAsync(batch.MessagesByConnection, resolver, now, cancellationToken);

        await StoreStatusesAsync(batch.StatusesByConnection, now, cancellationToken);

        foreach (var (connectionId, notifications) in batch.NotificationsByConnection)
        {
            await StoreNotificationsAsync(connectionId, notifications, resolver, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await ApplyProgressAsync(batch, command.ContinuedByCaller, now, cancellationToken);
        await ReleaseAsync(batch, now, cancellationToken);
        var continuing = batch.Released.Count + batch.Routed + batch.Advances.Count(a => a.Done < a.Total);
        var result = batch.Advances.Count > 0 || batch.Routed > 0 ? WebhookDeliveryResult.Processed : WebhookDeliveryResult.Rejected;
        auditScope.SetNote(string.Create(CultureInfo.InvariantCulture, $"deliveries: {pending.Count - batch.Released.Count}, messages: {stored}"));
        return new WebhookDeliveryOutcome(result, stored, awaiting, continuing);
    }

    /// <summary>
    /// Records what each delivery got done through <see cref="WebhookInboxEntry.Advance"/>: the finished ones become
    /// processed; a large one continues at its next chunk, behind the deliveries released now. The entries that end in
    /// the same state (usually the whole batch: one-message deliveries, processed at their first attempt) are written
    /// with one set-based UPDATE, in the batch's transaction, instead of one UPDATE per entry. A finished entry keeps
    /// its lease column as the heartbeat left it; a continuing one is due again after <see cref="ContinuationDelay"/>,
    /// or keeps its lease when the caller goes on with it (<see cref="ContinuingAt"/>).
    /// </summary>
    private async Task ApplyProgressAsync(Batch batch, bool continuedByCaller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (entry, done, total, split) in batch.Advances)
        {
            entry.Advance(done, total, split, continuedByCaller ? ContinuingAt(entry, now) : now + ContinuationDelay, now);
        }

        var groups = batch.Advances
            .Select(a => a.Entry)
            .GroupBy(e => new ProgressState(e.Status, e.Attempts, e.Progress, e.ItemCount, e.SplitItems, e.ProcessedAt, e.LastError, e.Status == InboxStatus.Pending ? e.NextAttemptAt : null));
        foreach (var group in groups)
        {
            var ids = group.Select(e => e.Id).ToList();
            var state = group.Key;
            await db.WebhookInbox
                .Where(e => ids.Contains(e.Id))
                .ExecuteUpdateAsync(
                    u =>
                    {
                        u.SetProperty(e => e.Status, state.Status);
                        u.SetProperty(e => e.Attempts, state.Attempts);
                        u.SetProperty(e => e.Progress, state.Progress);
                        u.SetProperty(e => e.ItemCount, state.ItemCount);
                        u.SetProperty(e => e.SplitItems, state.SplitItems);
                        u.SetProperty(e => e.ProcessedAt, state.ProcessedAt);
                        u.SetProperty(e => e.LastError, state.LastError);
                        if (state.NextAttemptAt is { } next)
                        {
                            u.SetProperty(e => e.NextAttemptAt, next);
                        }
                    },
                    cancellationToken);
        }
    }

    /// <summary>
    /// When an entry whose next items its caller processes itself (the processor's item-by-item fallback, splitting off
    /// an item that fails) is due again: not before its lease ends, so that no other loop or instance claims it while
    /// the caller goes on; once the caller stops, it is due when the lease ends.
    /// </summary>
    internal static DateTimeOffset ContinuingAt(WebhookInboxEntry entry, DateTimeOffset now) =>
        entry.NextAttemptAt > now + ContinuationDelay ? entry.NextAttemptAt : now + ContinuationDelay;

    /// <summary>The deliveries that did not fit in this transaction are due again at once.</summary>
    private async Task ReleaseAsync(Batch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.Released.Count > 0)
        {
            var released = batch.Released;
            await db.WebhookInbox
                .Where(e => released.Contains(e.Id) && e.Status == InboxStatus.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.NextAttemptAt, now), cancellationToken);
        }
    }

    private void Reject(WebhookInboxEntry entry, string error, DateTimeOffset now)
    {
        db.WebhookInbox.Attach(entry);
        entry.RecordFailure(error, null, now);
        LogRejected(logger, entry.Id, Code(error));
    }

    private static string Code(string reason) => reason.Split(':')[0];

    /// <summary>
    /// Routes an app-level delivery to its numbers: each change goes to the connection of the app whose phone number
    /// id it names (<c>metadata.phone_number_id</c>); a change without one (an account or template notification) to
    /// the number it names, else the oldest connection of its WABA (<c>entry.id</c>). A delivery for one number is
    /// handed to that connection as it is; a mixed one is split into one entry per number. A change no connection of
    /// the app matches is kept as a failed entry with the reason (retrying routes it again, e.g. once the
    /// connection exists).
    /// </summary>
    private async Task RouteAsync(WebhookInboxEntry entry, Batch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var appId = entry.AppId;
        if (appId is null)
        {
            Reject(entry, "unroutable: the delivery names neither a connection nor a Meta app", now);
            return;
        }

        IReadOnlyList<WebhookChange> changes;
        try
        {
            changes = WebhookPayloadReader.ReadChanges(entry.Body);
        }
        catch (JsonException exception)
        {
            Reject(entry, $"invalid_json: {exception.Message}", now);
            return;
        }
        catch (InvalidOperationException exception)
        {
            Reject(entry, $"invalid_payload: {exception.Message}", now);
            return;
        }

        var connections = await batch.AppConnectionsAsync(appId, id => db.Connections.AsNoTracking()
            .Where(c => c.MetaAppId == id && c.DeletedAt == null)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new AppConnection(c.Id, c.PhoneNumberId, c.DisplayNumber, c.WabaId))
            .ToListAsync(cancellationToken));
        var targets = changes.Select(c => (Change: c, Target: Target(c, connections))).ToList();
        var routed = targets.Where(t => t.Target is not null).GroupBy(t => t.Target!.Value).ToList();
        var unroutable = targets.Where(t => t.Target is null).Select(t => t.Change).ToList();
        if (routed.Count == 1 && unroutable.Count == 0)
        {
            db.WebhookInbox.Attach(entry);
            entry.RouteTo(routed[0].Key, now);
            batch.Routed++;
            return;
        }

        if (changes.Count == 1 && unroutable.Count == 1)
        {
            Reject(entry, Unroutable(appId, unroutable[0]), now);
            return;
        }

        foreach (var group in routed)
        {
            db.WebhookInbox.Add(WebhookInboxEntry.SplitOff(entry, group.Key, WebhookEnvelope.ForChanges(group.Select(t => t.Change).ToList()), now));
        }

        foreach (var change in unroutable)
        {
            var reason = Unroutable(appId, change);
            db.WebhookInbox.Add(WebhookInboxEntry.SplitOffFailed(entry, null, WebhookEnvelope.ForChanges([change]), reason, null, now));
            LogItemSplit(logger, entry.Id, Code(reason));
        }

        batch.Advances.Add(new Advance(entry, changes.Count, changes.Count, unroutable.Count));
    }

    private static Guid? Target(WebhookChange change, List<AppConnection> connections)
    {
        if (change.PhoneNumberId is { } phoneNumberId)
        {
            return connections.FirstOrDefault(c => c.PhoneNumberId == phoneNumberId)?.Id;
        }

        if (change.DisplayNumber is { } number && connections.FirstOrDefault(c => c.DisplayNumber == number) is { } byNumber)
        {
            return byNumber.Id;
        }

        if (change.EntryId is { } wabaId && connections.FirstOrDefault(c => c.WabaId == wabaId) is { } byWaba)
        {
            return byWaba.Id;
        }

        return connections.Count == 1 ? connections[0].Id : null;
    }

    private static string Unroutable(string appId, WebhookChange change) => change.PhoneNumberId is { } phoneNumberId
        ? $"unroutable: no connection of Meta app '{appId}' has phone number id '{phoneNumberId}'"
        : $"unroutable: no connection of Meta app '{appId}' matches this '{change.Field}' change (number '{change.DisplayNumber}', WABA '{change.EntryId}')";

    /// <summary>
    /// Stores the messages not stored yet, in a handful of queries for the whole batch whatever the numbers it came to:
    /// known wamids, the connections' queues, the contacts (by phone number and BSUID), their conversations and the
    /// campaigns they may be answering are each read once for every connection of the batch, not once per number. A
    /// system message changes the contact's identity and shows as a line in the conversation.
    /// </summary>
    private async Task<(int Stored, int Awaiting)> StoreMessagesAsync(
        Dictionary<Guid, List<InboundMessage>> messagesByConnection, ContactResolver resolver, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (messagesByConnection.Count == 0)
        {
            return (0, 0);
        }

        var connectionIds = messagesByConnection.Keys.ToList();
        var wamids = messagesByConnection.Values.SelectMany(m => m).Select(m => m.Wamid).Distinct(StringComparer.Ordinal).ToList();
        // "wamid IS NOT NULL" first: without it the query also matches NULL wamids, which the partial unique index
        // (connection_id, wamid) does not hold, and PostgreSQL scans the connections' messages instead of probing it.
        var known = (await db.Messages
                .Where(m => m.Wamid != null && connectionIds.Contains(m.ConnectionId) && wamids.Contains(m.Wamid))
                .Select(m => new { m.ConnectionId, Wamid = m.Wamid! })
                .ToListAsync(cancellationToken))
            .Select(m => (m.ConnectionId, m.Wamid))
            .ToHashSet();
        var fresh = messagesByConnection
            .Select(c => (ConnectionId: c.Key, Messages: c.Value.Where(m => known.Add((c.Key, m.Wamid))).OrderBy(m => m.SentAt).ToList()))
            .Where(c => c.Messages.Count > 0)
            .ToList();
        if (fresh.Count == 0)
        {
            return (0, 0);
        }

        var freshConnections = fresh.Select(c => c.ConnectionId).ToList();
        var queues = (await db.Connections.Where(c => freshConnections.Contains(c.Id)).SelectMany(c => c.Queues).Select(q => new { q.ConnectionId, q.QueueId }).ToListAsync(cancellationToken))
            .GroupBy(q => q.ConnectionId)
            .ToDictionary(g => g.Key, g => g.Select(q => q.QueueId).Distinct().Take(2).ToList());
        var everyMessage = fresh.SelectMany(c => c.Messages).ToList();
        await resolver.LoadAsync(
            everyMessage.Select(m => m.Sender).Concat(everyMessage.Where(m => m.Notice is not null).Select(m => new Domain.Contacts.ContactIdentity(m.Notice!.NewWaId, m.Notice.NewUserId))),
            cancellationToken);
        await resolver.LoadConversationsAsync(freshConnections, cancellationToken);

        // Replies to a broadcast open in the campaign's queue (CampaignReplies), ahead of the connection's default routing.
        var campaignReplies = await replyRule.FindAsync(
            fresh.ToDictionary(c => c.ConnectionId, c => c.Messages.Where(m => m.Notice is null).Select(m => m.Sender.WaId).OfType<string>().ToList()),
            now,
            cancellationToken);
        var repliedTo = new List<Campaigns.CampaignReply>();
        var awaiting = new HashSet<Guid>();
        var customerWrote = new HashSet<Conversation>();
        foreach (var (connectionId, messages) in fresh)
        {
            var connectionQueues = queues.GetValueOrDefault(connectionId);
            Guid? onlyQueue = connectionQueues is [var single] ? single : null;
            var mergesBefore = resolver.Merges;
            await StoreAsync(connectionId, messages, onlyQueue);
            if (resolver.Merges > mergesBefore)
            {
                LogMerged(logger, connectionId, resolver.Merges - mergesBefore);
            }
        }

        await replyRule.RecordAsync(repliedTo, now, cancellationToken);
        await outOfHoursReplies.ApplyAsync(customerWrote, cancellationToken);

        return (everyMessage.Count, awaiting.Count);

        async Task StoreAsync(Guid connectionId, List<InboundMessage> messages, Guid? onlyQueue)
        {
            foreach (var inbound in messages)
            {
                var source = $"message {inbound.Wamid}";
                if (inbound.Notice is { } notice)
                {
                    var changed = await resolver.ApplyNoticeAsync(inbound.Sender, notice, source, inbound.SentAt, cancellationToken);
                    var thread = await resolver.ConversationAsync(connectionId, changed.Id, cancellationToken);
                    if (thread is null)
                    {
                        thread = Conversation.StartClosed(connectionId, changed.Id, onlyQueue, now);
                        resolver.Add(thread);
                    }

                    thread.RecordSystemEvent(inbound.SentAt, inbound.Preview, now);
                    db.Messages.Add(Message.Inbound(thread.Id, connectionId, inbound.Wamid, inbound.Type, inbound.Text, inbound.Content, inbound.ReplyToWamid, null, inbound.SentAt, now));
                    LogIdentityNotice(logger, changed.Id, notice.Kind);
                    continue;
                }

                var contact = await resolver.ResolveAsync(inbound.Sender, inbound.ProfileName, source, inbound.SentAt, cancellationToken);
                if (inbound.Type == MessageTypes.Text && inbound.Text is { } body && options.OptOutKeywords.Contains(body.Trim()) && contact.SetOptOut(true, now))
                {
                    LogOptedOut(logger, contact.Id);
                }

                var conversation = await resolver.ConversationAsync(connectionId, contact.Id, cancellationToken);
                var reply = contact.WaId is { } waId ? campaignReplies.GetValueOrDefault((connectionId, waId)) : null;
                if (conversation is null)
                {
                    conversation = Conversation.StartInbound(connectionId, contact.Id, reply?.QueueId ?? onlyQueue, now);
                    resolver.Add(conversation);
                    awaiting.Add(conversation.Id);
                    reply = Answer(conversation, reply, opening: true);
                }
                else if (reply is not null)
                {
                    reply = Answer(conversation, reply, opening: conversation.Status == ConversationStatus.CLOSED);
                }
                else if (conversation.QueueId is null && onlyQueue is not null)
                {
                    conversation.MoveToQueue(onlyQueue, now);
                }

                if (reply is not null)
                {
                    repliedTo.Add(reply);
                }

                if (inbound.Referral is { } referral)
                {
                    conversation.RecordReferral(referral, inbound.SentAt, now);
                }

                if (conversation.RecordInbound(inbound.SentAt, inbound.Preview, now))
                {
                    awaiting.Add(conversation.Id);
                }

                customerWrote.Add(conversation);

                var message = Message.Inbound(
                    conversation.Id, connectionId, inbound.Wamid, inbound.Type, inbound.Text, inbound.Content, inbound.ReplyToWamid, inbound.Media, inbound.SentAt, now, inbound.Referral);
                db.Messages.Add(message);
                if (message.MediaStatus == MediaStatus.Pending)
                {
                    // The file is fetched once the message is committed: the message never waits for (or depends on) its media.
                    afterCommit.Add(() => mediaDownloads.Enqueue(message.Id));
                }
            }
        }

        Campaigns.CampaignReply? Answer(Conversation conversation, Campaigns.CampaignReply? reply, bool opening)
        {
            if (reply is not null)
            {
                conversation.RecordCampaignReply(reply.CampaignId, reply.CampaignName, reply.QueueId, opening, now);
                LogCampaignReply(logger, conversation.Id, reply.CampaignId, opening);
            }

            return reply;
        }
    }

    /// <summary>
    /// Records each status once per (wamid, status) and moves the outbound messages forwards, for the whole batch at once:
    /// one read of the statuses already stored and one of the messages they name, for every number of the batch. Each
    /// message moves through <see cref="Message.ApplyStatus"/> in the order WhatsApp's statuses arrived, and the save
    /// writes it with its status as read (a concurrency token): a worker that moved it meanwhile makes the batch
    /// conflict and run again, so two workers applying "delivered" and "read" at once cannot leave it at "delivered".
    /// The save also tells the desk (<c>message.status</c>). A campaign's ledger rows follow the moves in the same order.
    /// </summary>
    private async Task StoreStatusesAsync(Dictionary<Guid, List<StatusUpdate>> statusesByConnection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (statusesByConnection.Count == 0)
        {
            return;
        }

        var connectionIds = statusesByConnection.Keys.ToList();
        var wamids = statusesByConnection.Values.SelectMany(s => s).Select(s => s.Wamid).Distinct(StringComparer.Ordinal).ToList();
        var seen = (await db.MessageStatusEvents.Where(e => wamids.Contains(e.Wamid)).Select(e => new { e.Wamid, e.Status }).ToListAsync(cancellationToken))
            .Select(e => (e.Wamid, e.Status))
            .ToHashSet();
        // "wamid IS NOT NULL" first, as for inbound messages: the partial unique index (connection_id, wamid) answers it.
        var outbound = (await db.Messages
                .Where(m => m.Wamid != null && connectionIds.Contains(m.ConnectionId) && wamids.Contains(m.Wamid) && m.Direction == MessageDirection.Outbound)
                .ToListAsync(cancellationToken))
            .ToDictionary(m => (m.ConnectionId, m.Wamid!));

        // Each message's moves in arrival order; the ledger follows them move by move (the first of every message, then
        // the second, ...), so a row ends where applying them one at a time would leave it.
        var moves = new Dictionary<Guid, List<CampaignLedger.MessageOutcome>>();
        foreach (var (connectionId, statuses) in statusesByConnection)
        {
            foreach (var status in statuses)
            {
                if (!seen.Add((status.Wamid, status.Status)))
                {
                    continue;
                }

                db.MessageStatusEvents.Add(MessageStatusEvent.Create(connectionId, status.Wamid, status.Status, status.OccurredAt, status.RecipientId, status.ErrorCode, status.ErrorTitle, now));
                if (outbound.TryGetValue((connectionId, status.Wamid), out var message) && message.ApplyStatus(status.Status, status.OccurredAt, status.ErrorCode, status.ErrorTitle, now))
                {
                    if (!moves.TryGetValue(message.Id, out var moved))
                    {
                        moves[message.Id] = moved = [];
                    }

                    moved.Add(CampaignLedger.MessageOutcome.Of(message));
                }
            }
        }

        var rounds = moves.Count == 0 ? 0 : moves.Values.Max(m => m.Count);
        for (var round = 0; round < rounds; round++)
        {
            await CampaignLedger.FollowAsync(db, [.. moves.Values.Where(m => m.Count > round).Select(m => m[round])], now, cancellationToken);
        }
    }

    /// <summary>
    /// Stores each notification once (by its content hash) as a connection event, acting on those that matter:
    /// a <c>user_preferences</c> marketing stop or resume sets the contact's marketing opt-out; a
    /// <c>phone_number_quality_update</c> shows on the connection; a <c>message_template_status_update</c> moves the
    /// template's status; errors are logged.
    /// </summary>
    private async Task StoreNotificationsAsync(Guid connectionId, List<Notification> notifications, ContactResolver resolver, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = notifications.Select(n => ConnectionEvent.KeyOf(n.Field, n.Payload, n.StampedAt)).Distinct(StringComparer.Ordinal).ToList();
        var stored = new HashSet<string>(
            await db.ConnectionEvents.Where(e => e.ConnectionId == connectionId && keys.Contains(e.DedupKey)).Select(e => e.DedupKey).ToListAsync(cancellationToken),
            StringComparer.Ordinal);
        foreach (var notification in notifications)
        {
            if (!stored.Add(ConnectionEvent.KeyOf(notification.Field, notification.Payload, notification.StampedAt)))
            {
                continue;
            }

            var (outcome, note) = notification.Field switch
            {
                "messages.errors" => Error(connectionId, notification),
                "messages.statuses" => (ConnectionEventOutcome.Stored, $"A message status WhatsSuite does not track ({notification.Event})."),
                "message_template_status_update" => await ApplyTemplateStatusAsync(connectionId, notification, now, cancellationToken),
                "user_preferences" => await ApplyPreferencesAsync(notification, resolver, now, cancellationToken),
                "phone_number_quality_update" => await ApplyQualityAsync(connectionId, notification, now, cancellationToken),
                _ => (ConnectionEventOutcome.Stored, (string?)null),
            };
            db.ConnectionEvents.Add(ConnectionEvent.Record(connectionId, notification.Field, notification.Event, notification.Payload, outcome, note, notification.StampedAt, now));
        }
    }

    private (ConnectionEventOutcome, string?) Error(Guid connectionId, Notification notification)
    {
        LogSystemError(logger, connectionId, notification.Event ?? "unknown");
        return (ConnectionEventOutcome.Stored, "WhatsApp reported an error for this number.");
    }

    private async Task<(ConnectionEventOutcome, string?)> ApplyPreferencesAsync(Notification notification, ContactResolver resolver, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var preferences = WebhookPayloadReader.ReadMarketingPreferences(notification.Payload);
        if (preferences.Count == 0)
        {
            return (ConnectionEventOutcome.Stored, "No marketing-message preference in it.");
        }

        await resolver.LoadAsync(preferences.Select(p => p.Identity), cancellationToken);
        var notes = new List<string>();
        foreach (var preference in preferences)
        {
            var at = preference.At ?? notification.StampedAt ?? now;
            var contact = await resolver.ResolveAsync(preference.Identity, preference.ProfileName, "user_preferences", at, cancellationToken);
            var changed = contact.SetMarketingOptOut(preference.Stop, at, now);
            notes.Add($"contact {contact.Id} {(preference.Stop ? "stopped" : "resumed")} marketing messages{(changed ? string.Empty : " (no change)")}");
            if (changed)
            {
                LogMarketingPreference(logger, contact.Id, preference.Stop);
            }
        }

        return (ConnectionEventOutcome.Applied, string.Join("; ", notes));
    }

    /// <summary>
    /// Moves the status of the template the report names: by Meta's id on every number that holds it (numbers of one
    /// WABA each keep a copy), else by name and language on this number. A report older than the known status, or
    /// about a template not synced yet, is stored only (the next sync reads the current status).
    /// </summary>
    private async Task<(ConnectionEventOutcome, string?)> ApplyTemplateStatusAsync(Guid connectionId, Notification notification, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var report = WebhookPayloadReader.ReadTemplateStatus(notification.Payload);
        if (report is null)
        {
            return (ConnectionEventOutcome.Stored, "No template status in it.");
        }

        var templates = report.MetaTemplateId is { } metaId
            ? await db.MessageTemplates.Where(t => t.MetaTemplateId == metaId).ToListAsync(cancellationToken)
            : [];
        if (templates.Count == 0)
        {
            templates = await db.MessageTemplates
                .Where(t => t.ConnectionId == connectionId && t.Name == report.Name && (report.Language == null || t.Language == report.Language))
                .ToListAsync(cancellationToken);
        }

        if (templates.Count == 0)
        {
            return (ConnectionEventOutcome.Stored, $"Template '{report.Name}' is not known yet; the next template sync reads its status.");
        }

        var at = notification.StampedAt ?? now;
        var moved = templates.Count(t => t.ApplyStatusReport(report.Status, report.Reason, at, now));
        if (moved == 0)
        {
            return (ConnectionEventOutcome.Stored, "A newer status of the template is already known.");
        }

        LogTemplateStatus(logger, report.Name, report.Status);
        return (ConnectionEventOutcome.Applied, $"Template '{report.Name}' is now {report.Status}.");
    }

    private async Task<(ConnectionEventOutcome, string?)> ApplyQualityAsync(Guid connectionId, Notification notification, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (qualityEvent, limit) = WebhookPayloadReader.ReadQualityUpdate(notification.Payload);
        var connection = await db.Connections.SingleAsync(c => c.Id == connectionId, cancellationToken);
        return connection.RecordQualityUpdate(qualityEvent, limit, notification.StampedAt ?? now, now)
            ? (ConnectionEventOutcome.Applied, "Shown on the connection.")
            : (ConnectionEventOutcome.Stored, "A later update is already shown on the connection.");
    }

    [LoggerMessage(EventId = LogEvents.CampaignReplyRouted, Level = LogLevel.Information, Message = "Conversation {ConversationId} answers campaign {CampaignId} (opened by the reply: {Opened})")]
    private static partial void LogCampaignReply(ILogger logger, Guid conversationId, Guid campaignId, bool opened);

    [LoggerMessage(EventId = LogEvents.TemplateStatusChanged, Level = LogLevel.Information, Message = "WhatsApp reported template {TemplateName} {Status}")]
    private static partial void LogTemplateStatus(ILogger logger, string templateName, string status);

    [LoggerMessage(EventId = LogEvents.WhatsAppReportedError, Level = LogLevel.Warning, Message = "WhatsApp reported error {Code} for connection {ConnectionId}")]
    private static partial void LogSystemError(ILogger logger, Guid connectionId, string code);

    [LoggerMessage(EventId = LogEvents.WebhookDeliveryRejected, Level = LogLevel.Warning, Message = "Webhook delivery {EntryId} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, Guid entryId, string reason);

    [LoggerMessage(EventId = LogEvents.ContactOptedOut, Level = LogLevel.Information, Message = "Contact {ContactId} opted out by keyword")]
    private static partial void LogOptedOut(ILogger logger, Guid contactId);

    [LoggerMessage(EventId = LogEvents.WebhookItemSplitOff, Level = LogLevel.Warning, Message = "An item of webhook delivery {EntryId} was split off as a failed delivery of its own: {Reason}")]
    private static partial void LogItemSplit(ILogger logger, Guid entryId, string reason);

    [LoggerMessage(EventId = LogEvents.ContactIdentityChanged, Level = LogLevel.Information, Message = "Contact {ContactId}: WhatsApp reported an identity change ({Kind})")]
    private static partial void LogIdentityNotice(ILogger logger, Guid contactId, string kind);

    [LoggerMessage(EventId = LogEvents.ContactsMerged, Level = LogLevel.Information, Message = "{Count} contact(s) merged with their twin on connection {ConnectionId}")]
    private static partial void LogMerged(ILogger logger, Guid connectionId, int count);

    [LoggerMessage(EventId = LogEvents.ContactMarketingPreference, Level = LogLevel.Information, Message = "Contact {ContactId} marketing opt-out set to {OptedOut} by WhatsApp")]
    private static partial void LogMarketingPreference(ILogger logger, Guid contactId, bool optedOut);

    private sealed record Advance(WebhookInboxEntry Entry, int Done, int Total, int Split);

    /// <summary>The columns <see cref="WebhookInboxEntry.Advance"/> sets; entries with equal values share one UPDATE.</summary>
    private sealed record ProgressState(
        InboxStatus Status, int Attempts, int Progress, int? ItemCount, int SplitItems, DateTimeOffset? ProcessedAt, string? LastError, DateTimeOffset? NextAttemptAt);

    private sealed record AppConnection(Guid Id, string PhoneNumberId, string DisplayNumber, string? WabaId);

    /// <summary>What one pass collected from its deliveries, per connection, and what each delivery got done.</summary>
    private sealed class Batch
    {
        private readonly Dictionary<string, List<AppConnection>> _apps = new(StringComparer.Ordinal);

        public Dictionary<Guid, List<InboundMessage>> MessagesByConnection { get; } = [];

        public Dictionary<Guid, List<StatusUpdate>> StatusesByConnection { get; } = [];

        public Dictionary<Guid, List<Notification>> NotificationsByConnection { get; } = [];

        public List<Advance> Advances { get; } = [];

        public List<Guid> Released { get; } = [];

        /// <summary>App-level deliveries handed as they are to their one connection (pending again).</summary>
        public int Routed { get; set; }

        public List<InboundMessage> Messages(Guid connectionId) => Of(MessagesByConnection, connectionId);

        public List<StatusUpdate> Statuses(Guid connectionId) => Of(StatusesByConnection, connectionId);

        public List<Notification> Notifications(Guid connectionId) => Of(NotificationsByConnection, connectionId);

        public async Task<List<AppConnection>> AppConnectionsAsync(string appId, Func<string, Task<List<AppConnection>>> load)
        {
            if (!_apps.TryGetValue(appId, out var connections))
            {
                connections = await load(appId);
                _apps[appId] = connections;
            }

            return connections;
        }

        private static List<T> Of<T>(Dictionary<Guid, List<T>> byConnection, Guid connectionId)
        {
            if (!byConnection.TryGetValue(connectionId, out var list))
            {
                list = [];
                byConnection[connectionId] = list;
            }

            return list;
        }
    }
}
