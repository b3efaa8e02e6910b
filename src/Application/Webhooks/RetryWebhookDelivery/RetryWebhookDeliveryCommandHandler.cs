using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Webhooks.RetryWebhookDelivery;

internal sealed class RetryWebhookDeliveryCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<RetryWebhookDeliveryCommand, Result<WebhookInboxEntryDto>>
{
    public async ValueTask<Result<WebhookInboxEntryDto>> Handle(RetryWebhookDeliveryCommand command, CancellationToken cancellationToken)
    {
        var entry = await db.WebhookInbox.SingleOrDefaultAsync(e => e.Id == command.Id, cancellationToken);
        if (entry is null)
        {
            return WebhookErrors.EntryNotFound(command.Id);
        }

        if (!entry.Retry(clock.GetUtcNow()))
        {
            return WebhookErrors.NotFailed;
        }

        await db.SaveChangesAsync(cancellationToken);
        return WebhookInboxEntryDto.From(entry);
    }
}
