using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Application.Webhooks.SplitOffWebhookItem;

internal sealed class SplitOffWebhookItemCommandHandler(IApplicationDbContext db, MessagingOptions options, TimeProvider clock)
    : ICommandHandler<SplitOffWebhookItemCommand, Result<SplitOffResult>>
{
    public async ValueTask<Result<SplitOffResult>> Handle(SplitOffWebhookItemCommand command, CancellationToken cancellationToken)
    {
        var entry = await db.WebhookInbox.SingleOrDefaultAsync(e => e.Id == command.EntryId, cancellationToken);
        if (entry is null)
        {
            return WebhookErrors.EntryNotFound(command.EntryId);
        }

        if (entry.Status != InboxStatus.Pending)
        {
            return SplitOffResult.NotPending;
        }

        if (entry.ConnectionId is not { } connectionId)
        {
            return SplitOffResult.OnlyItem;
        }

        var phoneNumberId = await db.Connections.Where(c => c.Id == connectionId).Select(c => c.PhoneNumberId).SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        IReadOnlyList<WebhookItem> items;
        try
        {
            items = WebhookPayloadReader.Read(entry.Body, phoneNumberId, now).Items;
        }
        catch (JsonException)
        {
            return SplitOffResult.OnlyItem;
        }

        if (items.Count <= 1 || entry.Progress >= items.Count)
        {
            return SplitOffResult.OnlyItem;
        }

        var item = items[entry.Progress];
        var error = $"item_failed: {command.Error}";
        db.WebhookInbox.Add(WebhookInboxEntry.SplitOffFailed(
            entry, connectionId, WebhookEnvelope.ForItem(item), error, WebhookRetryPolicy.NextAttemptAt(1, options.WebhookMaxAttempts, now), now));
        // The processor goes on with the entry's next item itself: the entry keeps its lease meanwhile.
        entry.Advance(entry.Progress + 1, items.Count, 1, ProcessWebhookDeliveryCommandHandler.ContinuingAt(entry, now), now);
        await db.SaveChangesAsync(cancellationToken);
        return SplitOffResult.Split;
    }
}
