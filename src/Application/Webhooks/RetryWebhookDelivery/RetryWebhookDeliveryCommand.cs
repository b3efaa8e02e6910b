using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Webhooks.RetryWebhookDelivery;

/// <summary>Puts a failed webhook delivery back in the queue for another attempt (failed entries only).</summary>
[RequireRole(Role.ADMIN)]
public sealed record RetryWebhookDeliveryCommand(Guid Id) : ICommand<Result<WebhookInboxEntryDto>>, IAuditTarget
{
    public string AuditTargetType => WebhookErrors.InboxTargetType;

    public string? AuditTargetId => Id.ToString();
}
