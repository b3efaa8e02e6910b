using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Common;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;

internal sealed partial class ProcessWebhookDeliveryCommandHandler(
    IApplicationDbContext db,
    MessagingOptions options,
    TimeProvider clock,
    ILogger<ProcessWebhookDeliveryCommandHandler> logger)
    : ICommandHandler<ProcessWebhookDeliveryCommand, Result<WebhookDeliveryOutcome>>
{
    public async ValueTask<Result<WebhookDeliveryOutcome>> Handle(ProcessWebhookDeliveryCommand command, CancellationToken cancellationToken)
    {
        var ids = command.EntryIds;
        var entries = await db.WebhookInbox.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        if (entries.Count == 0 && ids.Count == 1)
        {
            return WebhookErrors.EntryNotFound(ids[0]);
        }

        var pending = entries.Where(e => e.Status == InboxStatus.Pending).OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id).ToList();
        if (pending.Count == 0)
        {
            return new WebhookDeliveryOutcome(WebhookDeliveryResult.Skipped, 0, 0);
        }

        var now = clock.GetUtcNow();
        var messages = new Dictionary<Guid, List<InboundMessage>>();
        var statuses = new Dictionary<Guid, List<StatusUpdate>>();
        var processed = new List<Guid>();
        foreach (var entry in pending)
        {
            WebhookPayload payload;
            try
            {
                payload = WebhookPayloadReader.Read(entry.Body, now);
            }
            catch (JsonException exception)
            {
                Reject(entry, $"invalid_json: {exception.Message}", now);
                continue;
            }
            catch (WebhookPayloadException exception)
            {
                Reject(entry, $"invalid_payload: {exception.Message}", now);
                continue;
            }

            foreach (var error in payload.Errors)
            {
                LogSystemError(logger, entry.ConnectionId, error.Code ?? "unknown", error.Title ?? string.Empty);
            }

            Collect(messages, entry.ConnectionId).AddRange(payload.Messages);
            Collect(statuses, entry.ConnectionId).AddRange(payload.Statuses);
            processed.Add(entry.Id);
        }

        int stored = 0, awaiting = 0;
        foreach (var (connectionId, inbound) in messages)
        {
            var (connectionStored, connectionAwaiting) = await StoreMessagesAsync(connectionId, inbound, now, cancellationToken);
            stored += connectionStored;
            awaiting += connectionAwaiting;
        }

        foreach (var (connectionId, updates) in statuses)
        {
            await StoreStatusesAsync(connectionId, updates, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);

        // One statement for the whole batch (same transaction): what WebhookInboxEntry.MarkProcessed does per entry.
        await db.WebhookInbox
            .Where(e => processed.Contains(e.Id))
            .ExecuteUpdateAsync(
                u => u.SetProperty(e => e.Status, InboxStatus.Processed)
                    .SetProperty(e => e.Attempts, e => e.Attempts + 1)
                    .SetProperty(e => e.ProcessedAt, now)
                    .SetProperty(e => e.LastError, (string?)null),
                cancellationToken);
        return new WebhookDeliveryOutcome(processed.Count > 0 ? WebhookDeliveryResult.Processed : WebhookDeliveryResult.Rejected, stored, awaiting);
    }

    private static List<T> Collect<T>(Dictionary<Guid, List<T>> byConnection, Guid connectionId)
    {
        if (!byConnection.TryGetValue(connectionId, out var list))
        {
            list = [];
            byConnection[connectionId] = list;
        }

        return list;
    }

    private void Reject(WebhookInboxEntry entry, string error, DateTimeOffset now)
    {
        db.WebhookInbox.Attach(entry);
        entry.RecordFailure(error, null, now);
        LogRejected(logger, entry.Id, error.Split(':')[0]);
    }

    /// <summary>
    /// Stores the messages not stored yet, in a handful of queries for the whole delivery: known wamids,
    /// the connection's queues, the contacts and their conversations.
    /// </summary>
    private async Task<(int Stored, int Awaiting)> StoreMessagesAsync(Guid connectionId, List<InboundMessage> messages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return (0, 0);
        }

        var wamids = messages.Select(m => m.Wamid).Distinct(StringComparer.Ordinal).ToList();
        var known = new HashSet<string>(
            await db.Messages.Where(m => m.ConnectionId == connectionId && wamids.Contains(m.Wamid!)).Select(m => m.Wamid!).ToListAsync(cancellationToken),
            StringComparer.Ordinal);
        var fresh = messages.Where(m => known.Add(m.Wamid)).OrderBy(m => m.SentAt).ToList();
        if (fresh.Count == 0)
        {
            return (0, 0);
        }

        var queues = await db.Connections.Where(c => c.Id == connectionId).SelectMany(c => c.Queues).Select(q => q.QueueId).Take(2).ToListAsync(cancellationToken);
        Guid? onlyQueue = queues.Count == 1 ? queues[0] : null;

        var waIds = fresh.Select(m => m.From).Distinct(StringComparer.Ordinal).ToList();
        var contacts = await db.Contacts.Where(c => waIds.Contains(c.WaId)).ToDictionaryAsync(c => c.WaId, StringComparer.Ordinal, cancellationToken);
        var contactIds = contacts.Values.Select(c => c.Id).ToList();
        var conversations = await db.Conversations
            .Where(c => c.ConnectionId == connectionId && contactIds.Contains(c.ContactId))
            .ToDictionaryAsync(c => c.ContactId, cancellationToken);

        var awaiting = new HashSet<Guid>();
        foreach (var inbound in fresh)
        {
            if (!contacts.TryGetValue(inbound.From, out var contact))
            {
                contact = Contact.Create(inbound.From, inbound.ProfileName, now);
                db.Contacts.Add(contact);
                contacts[inbound.From] = contact;
            }
            else
            {
                contact.RefreshProfileName(inbound.ProfileName, now);
            }

            if (inbound.Type == MessageTypes.Text && inbound.Text is { } body && options.OptOutKeywords.Contains(body.Trim()) && contact.SetOptOut(true, now))
            {
                LogOptedOut(logger, contact.Id);
            }

            if (!conversations.TryGetValue(contact.Id, out var conversation))
            {
                conversation = Conversation.StartInbound(connectionId, contact.Id, onlyQueue, now);
                db.Conversations.Add(conversation);
                conversations[contact.Id] = conversation;
                awaiting.Add(conversation.Id);
            }
            else if (conversation.QueueId is null && onlyQueue is not null)
            {
                conversation.MoveToQueue(onlyQueue, now);
            }

            if (conversation.RecordInbound(inbound.SentAt, inbound.Text ?? $"[{inbound.Type}]", now))
            {
                awaiting.Add(conversation.Id);
            }

            db.Messages.Add(Message.Inbound(
                conversation.Id, connectionId, inbound.Wamid, inbound.Type, inbound.Text, inbound.Content, inbound.ReplyToWamid, inbound.Media, inbound.SentAt, now));
        }

        return (fresh.Count, awaiting.Count);
    }

    /// <summary>
    /// Records each status once per (wamid, status) and moves the outbound message forwards. The move is one
    /// guarded UPDATE (only from a lower-ranked status, as <see cref="Message.ApplyStatus"/> rules), so two
    /// workers applying "delivered" and "read" at once cannot leave the message at "delivered".
    /// </summary>
    private async Task StoreStatusesAsync(Guid connectionId, List<StatusUpdate> statuses, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (statuses.Count == 0)
        {
            return;
        }

        var wamids = statuses.Select(s => s.Wamid).Distinct(StringComparer.Ordinal).ToList();
        var seen = (await db.MessageStatusEvents.Where(e => wamids.Contains(e.Wamid)).Select(e => new { e.Wamid, e.Status }).ToListAsync(cancellationToken))
            .Select(e => (e.Wamid, e.Status))
            .ToHashSet();
        var outbound = await db.Messages
            .Where(m => m.ConnectionId == connectionId && m.Direction == MessageDirection.Outbound && wamids.Contains(m.Wamid!))
            .Select(m => new { m.Id, Wamid = m.Wamid! })
            .ToDictionaryAsync(m => m.Wamid, m => m.Id, StringComparer.Ordinal, cancellationToken);

        foreach (var status in statuses)
        {
            if (!seen.Add((status.Wamid, status.Status)))
            {
                continue;
            }

            db.MessageStatusEvents.Add(MessageStatusEvent.Create(connectionId, status.Wamid, status.Status, status.OccurredAt, status.RecipientId, status.ErrorCode, status.ErrorTitle, now));
            if (outbound.TryGetValue(status.Wamid, out var messageId))
            {
                await ApplyStatusAsync(messageId, status, now, cancellationToken);
            }
        }
    }

    private async Task ApplyStatusAsync(Guid messageId, StatusUpdate status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var behind = Enum.GetValues<MessageStatus>().Where(s => MessageStatusOrder.IsForward(s, status.Status)).ToList();
        var failed = status.Status == MessageStatus.Failed;
        var title = TextLimit.Cut(status.ErrorTitle, Message.MaxErrorTitleLength);
        await db.Messages
            .Where(m => m.Id == messageId && behind.Contains(m.Status))
            .ExecuteUpdateAsync(
                s =>
                {
                    s.SetProperty(m => m.Status, status.Status);
                    s.SetProperty(m => m.StatusAt, status.OccurredAt);
                    s.SetProperty(m => m.UpdatedAt, now);
                    if (failed)
                    {
                        s.SetProperty(m => m.ErrorCode, status.ErrorCode);
                        s.SetProperty(m => m.ErrorTitle, title);
                    }
                },
                cancellationToken);
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "WhatsApp reported error {Code} for connection {ConnectionId}: {Title}")]
    private static partial void LogSystemError(ILogger logger, Guid connectionId, string code, string title);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Webhook delivery {EntryId} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, Guid entryId, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Contact {ContactId} opted out by keyword")]
    private static partial void LogOptedOut(ILogger logger, Guid contactId);
}
