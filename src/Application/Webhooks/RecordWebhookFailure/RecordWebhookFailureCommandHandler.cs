using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Application.Webhooks.RecordWebhookFailure;

internal sealed class RecordWebhookFailureCommandHandler(IApplicationDbContext db, AuditScope auditScope, MessagingOptions options, TimeProvider clock)
    : ICommandHandler<RecordWebhookFailureCommand, Result<WebhookFailureRecorded>>
{
    public async ValueTask<Result<WebhookFailureRecorded>> Handle(RecordWebhookFailureCommand command, CancellationToken cancellationToken)
    {
        var entry = await db.WebhookInbox.SingleOrDefaultAsync(e => e.Id == command.EntryId, cancellationToken);
        if (entry is null)
        {
            return WebhookErrors.EntryNotFound(command.EntryId);
        }

        if (entry.Status != InboxStatus.Pending)
        {
            auditScope.SetNote("not_pending");
            return new WebhookFailureRecorded(false, entry.Attempts, null);
        }

        var now = clock.GetUtcNow();
        var next = WebhookRetryPolicy.NextAttemptAt(entry.Attempts + 1, options.WebhookMaxAttempts, now);
        entry.RecordFailure(command.Error, next, now);
        await db.SaveChangesAsync(cancellationToken);
        auditScope.SetNote(next is null ? "failed" : "retry_scheduled");
        return new WebhookFailureRecorded(true, entry.Attempts, next);
    }
}
